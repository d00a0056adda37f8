import { roundMeta, toJsonNumber, type Fraction } from './rational.ts';
import { CARDINAL_GROUPS, MAP_KEYS, type CardinalGroup, type CardinalResult, type MapKey } from './result.ts';
import type { IndicatorCode } from './settings.ts';

export type CardinalJsonResults = Partial<
  Record<CardinalGroup, Record<string, Partial<Record<IndicatorCode, number>>>>
>;

export interface CardinalJson extends CardinalJsonResults {
  Meta?: Partial<Record<IndicatorCode, Record<string, number | null>>>;
  Maps?: Record<MapKey, Record<string, string | string[]>>;
}

/**
 * The object `ocdscardinal indicators` prints: `{"OCID": {ocid: {"R024": 0.01}}, "Buyer": …, "ProcuringEntity": …,
 * "Tenderer": …}`, groups with no result left out; `Meta` (unless `meta: false`, Cardinal's `--no-meta`) with the
 * quartiles and fences rounded to 4 decimals, null where Cardinal's float is NaN; `Maps` with `map: true` (`--map`),
 * sets as sorted arrays, the r038 maps as one id per ocid. Values are numbers (Cardinal's f64).
 */
export function toCardinalJson(
  result: CardinalResult,
  options: { meta?: boolean; map?: boolean } = {},
): CardinalJson {
  const json: CardinalJson = {};
  for (const group of CARDINAL_GROUPS) {
    const flags = result.flags.filter((f) => f.group === group);
    if (flags.length === 0) continue;
    const byId: Record<string, Partial<Record<IndicatorCode, number>>> = {};
    for (const flag of flags) (byId[flag.id] ??= {})[flag.indicator] = toJsonNumber(flag.value);
    json[group] = byId;
  }
  if (options.meta ?? true) {
    json.Meta = {};
    for (const [code, values] of Object.entries(result.meta) as Array<
      [IndicatorCode, Record<string, Fraction | null>]
    >) {
      json.Meta[code] = Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k, v === null ? null : roundMeta(v)]),
      );
    }
  }
  if (options.map) {
    json.Maps = Object.fromEntries(
      MAP_KEYS.map((key) => [
        key,
        Object.fromEntries(
          [...result.maps[key]].map(([ocid, ids]) => [
            ocid,
            key.endsWith('_r038') ? [...ids][0]! : [...ids].sort(),
          ]),
        ),
      ]),
    ) as Record<MapKey, Record<string, string | string[]>>;
  }
  return json;
}

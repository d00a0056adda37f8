import { contextFor, matchesProcurementMethodDetails } from './context.ts';
import type { Indicator } from './indicators/indicator.ts';
import { r003 } from './indicators/r003.ts';
import { r018 } from './indicators/r018.ts';
import { r024 } from './indicators/r024.ts';
import { r025 } from './indicators/r025.ts';
import { r028 } from './indicators/r028.ts';
import { r030 } from './indicators/r030.ts';
import { r035 } from './indicators/r035.ts';
import { r036 } from './indicators/r036.ts';
import { r038 } from './indicators/r038.ts';
import { r048 } from './indicators/r048.ts';
import { r058 } from './indicators/r058.ts';
import { submittedBids, viewRelease, type ReleaseView } from './release-view.ts';
import {
  MAP_KEYS,
  type CardinalMaps,
  type CardinalResult,
  type MapKey,
  type ProcessOutcome,
} from './result.ts';
import { secondLowestBid, type SecondLowest } from './second-lowest-bid.ts';
import { CARDINAL_INDICATORS, type CardinalSettings, type IndicatorCode } from './settings.ts';

const INDICATORS: { [C in IndicatorCode]: Indicator<C> } = {
  R003: r003,
  R018: r018,
  R024: r024,
  R025: r025,
  R028: r028,
  R030: r030,
  R035: r035,
  R036: r036,
  R038: r038,
  R048: r048,
  R058: r058,
};

/** Tenderer maps Cardinal fills from flagged processes (`--map`). */
const TENDERER_MAPS: Partial<Record<IndicatorCode, MapKey>> = {
  R024: 'ocid_tenderer_r024',
  R028: 'ocid_tenderer_r028',
  R030: 'ocid_tenderer_r030',
  R035: 'ocid_tenderer_r035',
  R058: 'ocid_tenderer_r058',
};

/**
 * Cardinal's `indicators` command over a set of OCDS compiled releases (one per contracting process), pure. A
 * release is left out of every indicator when its `ocid` is not a string, its tender is cancelled, or its
 * procurementMethodDetails is in `[exclusions]`. Each enabled indicator then runs over the rest.
 */
export function runCardinal(input: Iterable<unknown>, settings: CardinalSettings): CardinalResult {
  const excluded: CardinalResult['excluded'] = { noOcid: 0, cancelled: [], excludedByMethodDetails: [] };
  const releases: ReleaseView[] = [];
  for (const value of input) {
    const view = viewRelease(value);
    if (!view) excluded.noOcid += 1;
    else if (view.tenderStatus === 'cancelled') excluded.cancelled.push(view.ocid);
    else if (!matchesProcurementMethodDetails(view, new Set(), settings.excludedProcurementMethodDetails)) {
      excluded.excludedByMethodDetails.push(view.ocid);
    } else releases.push(view);
  }
  const ctx = contextFor(releases, settings);
  let comparisons: Map<string, SecondLowest> | undefined;
  const secondLowest = () =>
    (comparisons ??= new Map(releases.map((v) => [v.ocid, secondLowestBid(v, ctx)])));

  const result: CardinalResult = {
    indicators: CARDINAL_INDICATORS.filter((code) => settings.indicators[code] !== undefined),
    flags: [],
    meta: {},
    outcomes: new Map(),
    maps: Object.fromEntries(MAP_KEYS.map((k) => [k, new Map()])) as CardinalMaps,
    currency: ctx.currency,
    excluded,
  };
  for (const code of result.indicators) {
    const run = INDICATORS[code] as Indicator<typeof code>;
    const report = run({ releases, ctx, settings: settings.indicators[code]!, secondLowest } as never);
    result.flags.push(...report.flags);
    if (report.meta) result.meta[code] = report.meta;
    for (const [ocid, outcome] of report.outcomes ?? []) push(result.outcomes, ocid, outcome);
    for (const [key, map] of Object.entries(report.maps ?? {}) as Array<[MapKey, Map<string, Set<string>>]>) {
      for (const [ocid, ids] of map) result.maps[key].set(ocid, ids);
    }
    const mapKey = TENDERER_MAPS[code];
    if (mapKey) {
      for (const flag of report.flags) {
        if (flag.group !== 'Tenderer') continue;
        for (const ocid of flag.ocids) add(result.maps[mapKey], ocid, flag.id);
      }
    }
  }
  if (settings.indicators.R025 || settings.indicators.R038 || settings.indicators.R048) {
    for (const view of releases) {
      for (const bid of submittedBids(view))
        for (const id of bid.tendererIds) add(result.maps.ocid_tenderer, view.ocid, id);
    }
  }
  return result;
}

function push(map: Map<string, ProcessOutcome[]>, ocid: string, outcome: ProcessOutcome): void {
  const list = map.get(ocid) ?? [];
  list.push(outcome);
  map.set(ocid, list);
}

function add(map: Map<string, Set<string>>, ocid: string, id: string): void {
  const set = map.get(ocid) ?? new Set<string>();
  set.add(id);
  map.set(ocid, set);
}

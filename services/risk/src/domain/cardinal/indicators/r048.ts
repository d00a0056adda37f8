import { fenceOf } from '../fences.ts';
import { asObject, asString } from '../json.ts';
import { localized, num } from '../localize.ts';
import { decimalText, fraction, type Fraction } from '../rational.ts';
import type { CardinalFlag } from '../result.ts';
import type { Indicator } from './indicator.ts';

/**
 * R048 heterogeneous supplier (docs/cli/indicators/R/048.md): per supplier of active single-supplier awards,
 * variety = the number of distinct first `digits` (2) characters of awards[].items[].classification.id across all
 * processes. Among suppliers awarded in at least `minimum_contracting_processes` (20) processes, flagged when the
 * variety is ≥ the upper fence Q3 + 1.5·IQR of their varieties, or ≥ `threshold`. (Cardinal has no zero-fence
 * guard here.) Output: the variety per tenderer.
 */
export const r048: Indicator<'R048'> = ({ releases, settings }) => {
  const suppliers = new Map<string, { ocids: string[]; codes: Set<string> }>();
  for (const view of releases) {
    for (const award of view.awards ?? []) {
      if (
        award.status !== 'active' ||
        !award.items ||
        award.supplierCount !== 1 ||
        award.supplierIds.length !== 1
      )
        continue;
      const id = award.supplierIds[0]!;
      for (const item of award.items) {
        const code = asString(asObject(asObject(item)?.classification)?.id);
        if (code === undefined) continue;
        const s = suppliers.get(id) ?? { ocids: [], codes: new Set() };
        // A supplier counts once per process, however many awards or items it has there.
        if (!s.ocids.includes(view.ocid)) s.ocids.push(view.ocid);
        s.codes.add(Array.from(code).slice(0, settings.digits).join(''));
        suppliers.set(id, s);
      }
    }
  }
  const kept = [...suppliers].filter(([, s]) => s.ocids.length >= settings.minimumContractingProcesses);
  const meta: Record<string, Fraction | null> = {};
  const varieties = kept.map(([, s]) => fraction(s.codes.size));
  const threshold = settings.threshold === undefined ? undefined : fraction(settings.threshold);
  const { fence } = fenceOf(varieties, threshold, 'upper', meta);
  meta.upper_fence = fence;
  const flags: CardinalFlag[] = [];
  if (fence === null) return { flags, meta };
  const limit = {
    upperFence: decimalText(fence),
    source:
      settings.threshold !== undefined
        ? 'R048.threshold'
        : `Q3 + 1.5·IQR of ${kept.length} suppliers' varieties`,
    minimumContractingProcesses: settings.minimumContractingProcesses,
    digits: settings.digits,
  };
  for (const [id, s] of kept) {
    const variety = fraction(s.codes.size);
    if (variety.lt(fence)) continue;
    const groups = [...s.codes].sort();
    flags.push({
      indicator: 'R048',
      group: 'Tenderer',
      id,
      value: variety,
      evidence: { variety: s.codes.size, classificationGroups: groups, processes: s.ocids.length },
      threshold: limit,
      ocids: s.ocids,
      explanation: localized((l) =>
        l === 'en'
          ? `Was awarded items of ${s.codes.size} different classification groups (first ${settings.digits} characters: ${groups.join(', ')}) in ${s.ocids.length} processes: at or above the upper fence ${num(fence, l)}.`
          : l === 'ru'
            ? `Получал договоры на предметы ${s.codes.size} разных групп классификатора (первые ${settings.digits} знака: ${groups.join(', ')}) в ${s.ocids.length} процедурах: не меньше верхней границы ${num(fence, l)}.`
            : `${s.ocids.length} рәсімде жіктеуіштің ${s.codes.size} түрлі тобындағы (алғашқы ${settings.digits} таңба: ${groups.join(', ')}) заттарға шарт алды: жоғарғы шектен ${num(fence, l)} кем емес.`,
      ),
    });
  }
  return { flags, meta };
};

import { fenceOf } from '../fences.ts';
import { localized, num } from '../localize.ts';
import { percentile } from '../quantile.ts';
import { decimalText, fraction, isPositive, type Fraction } from '../rational.ts';
import { finalAwards, soleTenderer } from '../release-view.ts';
import type { CardinalFlag } from '../result.ts';
import type { Indicator } from './indicator.ts';

/**
 * R025 excessive unsuccessful bids (docs/cli/indicators/R/025.md): per tenderer, ratio = processes won / processes
 * with a valid bid of its own (a tenderer counts once per process). Flagged when its number of such processes is ≥
 * the `percentile` (75) of those numbers — a top tenderer — and its ratio ≤ the lower fence Q1 − 1.5·IQR of all
 * ratios, or ≤ `threshold`. Nothing is flagged unless Q1 > 0 and the fence > 0. Only processes with final awards,
 * exactly one active award and one supplier count. Output: the ratio per tenderer.
 */
export const r025: Indicator<'R025'> = ({ releases, settings }) => {
  const tally = new Map<string, { won: number; bids: number; ocids: string[] }>();
  for (const view of releases) {
    const awards = finalAwards(view);
    if (!awards.ok || awards.active.length !== 1) continue;
    const award = awards.active[0]!;
    if (award.supplierCount !== 1 || award.supplierIds.length !== 1) continue;
    const supplier = award.supplierIds[0]!;
    const valid = new Set<string>();
    for (const bid of awards.bids) {
      const tenderer = bid.status === 'valid' ? soleTenderer(bid) : undefined;
      if (tenderer !== undefined) valid.add(tenderer);
    }
    for (const tenderer of valid) {
      const t = tally.get(tenderer) ?? { won: 0, bids: 0, ocids: [] };
      t.bids += 1;
      if (tenderer === supplier) t.won += 1;
      t.ocids.push(view.ocid);
      tally.set(tenderer, t);
    }
  }
  const ratios = new Map([...tally].map(([id, t]) => [id, fraction(t.won, t.bids)]));
  const counts = [...tally.values()].map((t) => fraction(t.bids));
  const upper = percentile(counts, settings.percentile);
  const meta: Record<string, Fraction | null> = {};
  const { fence: lower, q1 } = fenceOf([...ratios.values()], settings.threshold, 'lower', meta);
  meta.upper_fence = upper;
  meta.lower_fence = lower;
  const flags: CardinalFlag[] = [];
  if (!isPositive(q1) || !isPositive(lower) || upper === null) return { flags, meta };
  const threshold = {
    topTendererValidBids: decimalText(upper),
    percentile: settings.percentile,
    lowerFence: decimalText(lower!),
    source: settings.threshold ? 'R025.threshold' : 'Q1 − 1.5·IQR of the ratios',
  };
  for (const [id, t] of tally) {
    const ratio = ratios.get(id)!;
    if (fraction(t.bids).lt(upper) || ratio.gt(lower!)) continue;
    const evidence = { processesWon: t.won, processesWithValidBid: t.bids, ratio: decimalText(ratio) };
    flags.push({
      indicator: 'R025',
      group: 'Tenderer',
      id,
      value: ratio,
      evidence,
      threshold,
      ocids: t.ocids,
      explanation: localized((l) => {
        const u = num(upper, l);
        const f = num(lower!, l);
        const r = num(ratio, l);
        return l === 'en'
          ? `Won ${t.won} of the ${t.bids} processes it made a valid bid in (ratio ${r}): a top tenderer (at least ${u} processes, the ${settings.percentile}th percentile) whose ratio is at or below the lower fence ${f}.`
          : l === 'ru'
            ? `Выиграл ${t.won} из ${t.bids} процедур, в которых подал допущенную заявку (доля ${r}): активный участник (не меньше ${u} процедур, ${settings.percentile}-й процентиль) с долей побед не выше нижней границы ${f}.`
            : `Рұқсат етілген өтінім берген ${t.bids} рәсімнің ${t.won}-інде жеңді (үлесі ${r}): белсенді қатысушы (кемінде ${u} рәсім, ${settings.percentile}-процентиль), жеңіс үлесі төменгі шектен ${f} аспайды.`;
      }),
    });
  }
  return { flags, meta };
};

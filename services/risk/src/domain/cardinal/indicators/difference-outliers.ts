import type { Evidence } from '../../outcome.ts';
import { decimalText, isPositive, type Fraction } from '../rational.ts';
import type { ProcessOutcome } from '../result.ts';
import { comparisonEvidence, type Comparison, type SecondLowest } from '../second-lowest-bid.ts';
import { clear, flagged, notApplicable } from './indicator.ts';

export interface Outlier {
  ocid: string;
  comparison: Comparison;
  evidence: Evidence;
}

/**
 * R024 and R058 share this: each process's difference against the fence, low side (≤ lower fence) or high side
 * (≥ upper fence). `usable` is Cardinal's guard (fence > 0, and for R024 Q1 > 0).
 */
export function differenceOutliers(
  indicator: 'R024' | 'R058',
  comparisons: ReadonlyMap<string, SecondLowest>,
  fence: Fraction | null,
  usable: boolean,
  threshold: Evidence,
): { outcomes: Map<string, ProcessOutcome>; outliers: Outlier[] } {
  const low = indicator === 'R024';
  const name = low ? 'lower fence' : 'upper fence';
  const outcomes = new Map<string, ProcessOutcome>();
  const outliers: Outlier[] = [];
  for (const [ocid, c] of comparisons) {
    if (!c.ok) {
      outcomes.set(ocid, notApplicable(indicator, c.reason));
      continue;
    }
    const evidence = comparisonEvidence(c);
    const d = decimalText(c.ratio);
    if (!usable || !isPositive(fence)) {
      outcomes.set(
        ocid,
        notApplicable(indicator, `the ${name} is not usable, so Cardinal flags nothing`, evidence),
      );
    } else if (low ? c.ratio.gt(fence!) : c.ratio.lt(fence!)) {
      outcomes.set(
        ocid,
        clear(indicator, `difference ${d} is ${low ? 'above' : 'below'} the ${name}`, evidence, threshold),
      );
    } else {
      const reason = `difference ${d} ${low ? '≤' : '≥'} ${name} ${decimalText(fence!)}`;
      outcomes.set(ocid, flagged(indicator, reason, evidence, threshold));
      outliers.push({ ocid, comparison: c, evidence });
    }
  }
  return { outcomes, outliers };
}

import type { AntiDumpingResult } from '@zakupai/domain';

/** The `result` label of `anti_dumping_checks_total`: a closed set, so the metric's cardinality stays fixed. */
export const ANTI_DUMPING_OUTCOMES = [
  'not_dumping',
  'dumping_allowed',
  'dumping_rejected',
  'no_rule',
] as const;
export type AntiDumpingOutcome = (typeof ANTI_DUMPING_OUTCOMES)[number];

export function antiDumpingOutcome(r: AntiDumpingResult): AntiDumpingOutcome {
  if (r.thresholdPct === null) return 'no_rule';
  if (!r.isDumping) return 'not_dumping';
  return r.allowed ? 'dumping_allowed' : 'dumping_rejected';
}

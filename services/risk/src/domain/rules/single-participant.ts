import { D } from '@zakupai/domain';
import type { LotContext } from '../context.ts';
import type { Lot } from '../lot.ts';
import type { RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';

/** A single bid in a competitive method (full severity), or a single-source award (`singleSourceSeverity`). */
export function singleParticipant(
  lot: Lot,
  _ctx: LotContext,
  cfg: RuleConfigOf<'single_participant'>,
): RuleFinding {
  if (lot.method === null) return { status: 'not_applicable', reason: 'the trade method is unknown' };
  const evidence = { method: lot.method, participants: lot.participants };
  if (lot.method === 'single_source') {
    return {
      status: 'flagged',
      severity: cfg.singleSourceSeverity,
      evidence,
      threshold: { competition: 'none (single source)' },
      reason: 'awarded from a single source, without competition',
    };
  }
  if (!cfg.competitiveMethods.includes(lot.method)) {
    return { status: 'not_applicable', reason: `method ${lot.method} is not counted as competitive` };
  }
  if (lot.participants === null) return { status: 'not_applicable', reason: 'the number of bids is unknown' };
  const threshold = { minimumParticipants: 2 };
  if (lot.participants >= 2) {
    return { status: 'clear', evidence, threshold, reason: `${lot.participants} bids received` };
  }
  return {
    status: 'flagged',
    severity: D(1),
    evidence,
    threshold,
    reason:
      lot.participants === 1 ? 'a single bid in a competitive method' : 'no bids in a competitive method',
  };
}

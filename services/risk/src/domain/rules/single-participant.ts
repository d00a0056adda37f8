import { D } from '@zakupai/domain';
import type { LotContext } from '../context.ts';
import { explain } from '../explanations.ts';
import type { Lot } from '../lot.ts';
import type { RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';

/**
 * A single bid in a competitive method (full severity), or a single-source award (`singleSourceSeverity`). A
 * tender or auction with one bid that meets the requirements is held (Law 106-VIII Art. 15 p.2), so the flag is an
 * indicator, not a breach. No bids at all is a failed procurement, reported by `failed_procurement`, never here.
 */
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
      explain: explain('single_participant', 'single_source', {}),
    };
  }
  if (!cfg.competitiveMethods.includes(lot.method)) {
    return { status: 'not_applicable', reason: `method ${lot.method} is not counted as competitive` };
  }
  if (lot.participants === null) return { status: 'not_applicable', reason: 'the number of bids is unknown' };
  if (lot.participants === 0) {
    return {
      status: 'not_applicable',
      reason: 'no bids: a failed procurement, not a single participant (see failed_procurement)',
      evidence,
    };
  }
  const threshold = { minimumParticipants: 2 };
  if (lot.participants >= 2) {
    return { status: 'clear', evidence, threshold, reason: `${lot.participants} bids received` };
  }
  return {
    status: 'flagged',
    severity: D(1),
    evidence,
    threshold,
    reason: 'a single bid in a competitive method',
    explain: explain('single_participant', 'single_bid', { method: lot.method }),
  };
}

import { D } from '@zakupai/domain';
import type { LotContext } from '../context.ts';
import { explain } from '../explanations.ts';
import type { Lot, LotMethod } from '../lot.ts';
import type { RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';

/** Where Law 106-VIII Art. 15 declares a procurement of each method failed when no one bids. */
const FAILED_BY: Record<Exclude<LotMethod, 'single_source'>, string> = {
  tender: 'Law 106-VIII Art. 15 p.1 sub-para 1 (no applications)',
  rating_tender: 'Law 106-VIII Art. 15 p.1 sub-para 1 (no applications)',
  auction: 'Law 106-VIII Art. 15 p.1 sub-para 1 (no applications)',
  price_quotes: 'Law 106-VIII Art. 15 p.7 (no price offers)',
  eshop: 'Law 106-VIII Art. 15 p.10 (the order confirmed by no supplier)',
};

/**
 * A competitive procurement that received no bids: a failed procurement (несостоявшаяся закупка), declared so by
 * Law 106-VIII Art. 15, not a single-participant one. It is an indicator: terms no one bids on can pave the way to
 * a direct award, which Art. 15 p.4 allows once a repeat tender or auction fails for want of bids. A repeat
 * procurement that fails again says so. The number of bids unknown: not evaluable.
 */
export function failedProcurement(
  lot: Lot,
  _ctx: LotContext,
  cfg: RuleConfigOf<'failed_procurement'>,
): RuleFinding {
  if (lot.method === null) return { status: 'not_applicable', reason: 'the trade method is unknown' };
  const method = lot.method;
  if (method === 'single_source' || !cfg.competitiveMethods.includes(method)) {
    return { status: 'not_applicable', reason: `method ${method} is not a competitive procurement` };
  }
  if (lot.participants === null) return { status: 'not_applicable', reason: 'the number of bids is unknown' };
  const evidence = { method, participants: lot.participants, repeat: lot.repeat };
  const threshold = { minimumParticipants: 1, failedUnder: FAILED_BY[method] };
  if (lot.participants > 0) {
    return { status: 'clear', evidence, threshold, reason: `${lot.participants} bids received` };
  }
  const again = lot.repeat === true;
  return {
    status: 'flagged',
    severity: D(1),
    evidence,
    threshold,
    reason: again
      ? `no bids in a repeat procurement: failed again under ${FAILED_BY[method]}`
      : `no bids: the procurement failed under ${FAILED_BY[method]}`,
    explain: explain('failed_procurement', again ? 'no_bids_repeat' : 'no_bids', { method }),
  };
}

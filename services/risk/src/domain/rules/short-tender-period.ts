import { D } from '@zakupai/domain';
import { workingDaysAfter } from '../holiday-calendar.ts';
import type { LotContext } from '../context.ts';
import type { Lot } from '../lot.ts';
import type { RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';
import { graded } from '../severity.ts';

/**
 * Bid window shorter than the legal minimum for the method (a repeat procurement has its own, lower minimum).
 * Working days are counted after the posting day up to and including the deadline. Severity grows with the
 * share of the minimum that is missing.
 */
export function shortTenderPeriod(
  lot: Lot,
  ctx: LotContext,
  cfg: RuleConfigOf<'short_tender_period'>,
): RuleFinding {
  if (lot.method === null) return { status: 'not_applicable', reason: 'the trade method is unknown' };
  const methodMinimum = cfg.minimumWorkingDays[lot.method];
  if (methodMinimum === undefined) {
    return { status: 'not_applicable', reason: `no minimum bid window for method ${lot.method}` };
  }
  if (!lot.bidWindow) return { status: 'not_applicable', reason: 'the lot has no bid window' };
  const minimum = lot.repeat ? Math.min(methodMinimum, cfg.repeatMinimumWorkingDays) : methodMinimum;
  const { start, end } = lot.bidWindow;
  const workingDays = workingDaysAfter(ctx.calendar, start, end);
  if (workingDays === null) {
    return {
      status: 'not_applicable',
      reason: `the holiday calendar does not cover the window ${start} – ${end}`,
      evidence: { start, end },
    };
  }
  const evidence = { start, end, workingDays, method: lot.method, repeat: lot.repeat };
  const threshold = { minimumWorkingDays: minimum };
  if (workingDays >= minimum) {
    return {
      status: 'clear',
      evidence,
      threshold,
      reason: `${workingDays} working days, minimum ${minimum}`,
    };
  }
  return {
    status: 'flagged',
    severity: graded(cfg.floor, D(minimum - workingDays).dividedBy(minimum)),
    evidence,
    threshold,
    reason: `bid window of ${workingDays} working days is below the legal minimum of ${minimum}`,
  };
}

import { D } from '@zakupai/domain';
import { unverifiedYearsIn, workingDaysAfter } from '../holiday-calendar.ts';
import type { LotContext } from '../context.ts';
import { explain } from '../explanations.ts';
import type { BidWindow, Lot } from '../lot.ts';
import type { Evidence, RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';
import { graded } from '../severity.ts';
import { underEvery } from '../under-every.ts';

type Cfg = RuleConfigOf<'short_tender_period'>;

/**
 * Bid window shorter than the legal minimum for the method (Rules 687 p.164: 5 working days for a tender, 3 for a
 * rating-and-points tender; p.348 auction; p.411 price quotes; a repeat procurement has its own, lower minimum,
 * pp.167, 350). Working days are counted after the posting day up to and including the deadline. Severity grows
 * with the share of the minimum that is missing.
 *
 * Unknown is not absent: with the repeat flag unknown, the window is judged as a first and as a repeat
 * procurement, and flagged only when it is short either way. A window posted before Rules 687 took effect was
 * under Rules 648, whose minimums are not modelled; they were not shorter (the 2025 reform shortened every
 * procurement period), so a window below the Rules 687 minimum is short under them too and is flagged, with the
 * Rules 687 minimum as a lower bound, while a longer one is not evaluable.
 */
export function shortTenderPeriod(lot: Lot, ctx: LotContext, cfg: Cfg): RuleFinding {
  if (lot.method === null) return { status: 'not_applicable', reason: 'the trade method is unknown' };
  const method = lot.method;
  const methodMinimum = cfg.minimumWorkingDays[method];
  if (methodMinimum === undefined) {
    return { status: 'not_applicable', reason: `no minimum bid window for method ${method}` };
  }
  if (lot.bidWindow === undefined) return { status: 'not_applicable', reason: 'the bid window is unknown' };
  if (lot.bidWindow === null) return { status: 'not_applicable', reason: 'the lot has no bid window' };
  const window = lot.bidWindow;
  const workingDays = workingDaysAfter(ctx.calendar, window.start, window.end);
  if (workingDays === null) {
    return {
      status: 'not_applicable',
      reason: `the holiday calendar does not cover the window ${window.start} – ${window.end}`,
      evidence: { start: window.start, end: window.end },
    };
  }
  // The calendar says which years it could not confirm; the count shows it.
  const unverified = unverifiedYearsIn(ctx.calendar, window.start, window.end).map(String);
  const judge = (repeat: boolean) =>
    judgeWindow(method, repeat, window, workingDays, methodMinimum, cfg, unverified);
  if (lot.repeat !== null) return judge(lot.repeat);
  return underEvery(
    [
      { assumed: 'a first procurement', finding: judge(false) },
      { assumed: 'a repeat procurement', finding: judge(true) },
    ],
    'repeat flag',
  );
}

function judgeWindow(
  method: string,
  repeat: boolean,
  window: BidWindow,
  workingDays: number,
  methodMinimum: number,
  cfg: Cfg,
  unverified: string[],
): RuleFinding {
  const inForceFrom = cfg.lawInForceFrom;
  const minimum = repeat ? Math.min(methodMinimum, cfg.repeatMinimumWorkingDays) : methodMinimum;
  const { start, end } = window;
  const before = start < inForceFrom;
  const evidence = {
    start,
    end,
    workingDays,
    method,
    repeat,
    ...(before ? { rules: 'before Rules 687' } : {}),
    ...(unverified.length > 0 ? { calendarUnverifiedYears: unverified } : {}),
  };
  const threshold: Evidence = before
    ? { minimumWorkingDays: minimum, minimumIsLowerBound: true, rulesInForceFrom: inForceFrom }
    : { minimumWorkingDays: minimum };
  if (workingDays >= minimum) {
    if (before) {
      return {
        status: 'not_applicable',
        reason: `posted ${start}, before Rules 687 took effect on ${inForceFrom}: ${workingDays} working days meet their minimum of ${minimum}, but the minimums of the earlier Rules 648 are not modelled`,
        evidence,
      };
    }
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
    reason: before
      ? `bid window of ${workingDays} working days, posted before Rules 687 took effect, is below even their minimum of ${minimum}`
      : `bid window of ${workingDays} working days is below the legal minimum of ${minimum}`,
    explain: explain('short_tender_period', before ? 'short_before_rules_687' : 'short', {
      workingDays,
      minimum,
      start,
      end,
    }),
  };
}

import { D } from '@zakupai/domain';
import type { LotContext } from '../context.ts';
import type { Lot } from '../lot.ts';
import type { RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';

/** The lot does not name the annual plan point it comes from (not evaluable when the source cannot tell). */
export function missingPlanLink(
  lot: Lot,
  _ctx: LotContext,
  _cfg: RuleConfigOf<'missing_plan_link'>,
): RuleFinding {
  if (lot.planPointId === undefined) {
    return { status: 'not_applicable', reason: 'the source does not carry plan links' };
  }
  const threshold = { required: 'planPointId' };
  if (lot.planPointId !== null && lot.planPointId.trim() !== '') {
    return {
      status: 'clear',
      evidence: { planPointId: lot.planPointId },
      threshold,
      reason: 'linked to a plan point',
    };
  }
  return {
    status: 'flagged',
    severity: D(1),
    evidence: { planPointId: null },
    threshold,
    reason: 'no annual plan point linked',
  };
}

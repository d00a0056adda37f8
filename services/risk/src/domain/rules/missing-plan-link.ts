import { D } from '@zakupai/domain';
import type { LotContext } from '../context.ts';
import { explain } from '../explanations.ts';
import type { Lot } from '../lot.ts';
import type { RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';

/**
 * The lot does not name the annual plan point it comes from: nothing may be bought outside the approved annual
 * plan (Law 106-VIII Art. 6 p.8; Rules 687 p.5 and p.19). Single-source purchases under Art. 16 p.3 sub-paras 3,
 * 6, 21–24 are made outside the plan (Art. 6 p.8; Rules 687 p.11), and the ground of a single-source purchase is
 * not known here, so a single-source lot, or one whose method is unknown, is not evaluable; so is a lot whose
 * source does not say whether it has a plan link.
 */
export function missingPlanLink(
  lot: Lot,
  _ctx: LotContext,
  _cfg: RuleConfigOf<'missing_plan_link'>,
): RuleFinding {
  if (lot.planPointId === undefined) {
    return { status: 'not_applicable', reason: 'the source does not say whether the lot has a plan link' };
  }
  const threshold = { required: 'planPointId', basis: 'Law 106-VIII Art. 6 p.8; Rules 687 p.5, p.19' };
  if (lot.planPointId !== null && lot.planPointId.trim() !== '') {
    return {
      status: 'clear',
      evidence: { planPointId: lot.planPointId },
      threshold,
      reason: 'linked to a plan point',
    };
  }
  if (lot.method === null) {
    return {
      status: 'not_applicable',
      reason:
        'no plan link, but the method is unknown: single-source purchases under Art. 16 p.3 sub-paras 3, 6, 21–24 are made outside the plan',
      evidence: { planPointId: null },
    };
  }
  if (lot.method === 'single_source') {
    return {
      status: 'not_applicable',
      reason:
        'no plan link, but a single-source purchase under Art. 16 p.3 sub-paras 3, 6, 21–24 is made outside the plan, and its ground is unknown',
      evidence: { planPointId: null, method: lot.method },
    };
  }
  return {
    status: 'flagged',
    severity: D(1),
    evidence: { planPointId: null, method: lot.method },
    threshold,
    reason: 'no annual plan point linked',
    explain: explain('missing_plan_link', 'no_plan_link', {}),
  };
}

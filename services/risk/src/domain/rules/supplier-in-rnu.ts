import { D } from '@zakupai/domain';
import type { LotContext } from '../context.ts';
import type { Lot } from '../lot.ts';
import type { RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';
import { rnuStatusOn } from '../rnu-status.ts';
import { explain } from '../explanations.ts';

/** The awarded supplier is in the register of unscrupulous participants on the award date. */
export function supplierInRnu(lot: Lot, ctx: LotContext, _cfg: RuleConfigOf<'supplier_in_rnu'>): RuleFinding {
  if (lot.award === undefined) return { status: 'not_applicable', reason: 'the award is unknown' };
  if (lot.award === null) return { status: 'not_applicable', reason: 'the lot has no awarded supplier' };
  const { supplierBin, date } = lot.award;
  const status = rnuStatusOn(ctx.rnu, supplierBin, date);
  const evidence = {
    supplierBin,
    date,
    since: status.since,
    until: status.until,
    datesUnknown: status.datesUnknown,
  };
  const threshold = { inForce: 'start_date ≤ date < end_date' };
  if (!status.listed) {
    return { status: 'clear', evidence, threshold, reason: `supplier not in the register on ${date}` };
  }
  return {
    status: 'flagged',
    severity: D(1),
    evidence,
    threshold,
    reason: `supplier ${supplierBin} is in the register on ${date}${status.since ? ` (listed since ${status.since})` : ''}`,
    explain: explain('supplier_in_rnu', 'listed', { supplierBin, date }),
  };
}

import { formatDecimal, formatMoney, isProcurementMethod, mciFor, ZERO, type Decimal } from '@zakupai/domain';
import { isZakError } from '@zakupai/errors';
import type { LotContext } from '../context.ts';
import type { Lot } from '../lot.ts';
import type { RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';
import { graded } from '../severity.ts';

/**
 * Splitting to stay under a method's annual ceiling (Law 106-VIII Art. 10 pp. 4–5): this lot and the same
 * customer's other purchases of the same code in the same financial year by the same method are each within
 * the ceiling (MCI of that year × `ceilingsMci`), but together exceed it. Amounts exclude VAT. Severity grows
 * with the excess, reaching 1 at twice the ceiling.
 */
export function contractSplitting(
  lot: Lot,
  ctx: LotContext,
  cfg: RuleConfigOf<'contract_splitting'>,
): RuleFinding {
  if (lot.method === null) return { status: 'not_applicable', reason: 'the trade method is unknown' };
  const ceilingMci = isProcurementMethod(lot.method) ? cfg.ceilingsMci[lot.method] : undefined;
  if (ceilingMci === undefined)
    return { status: 'not_applicable', reason: `no annual ceiling for method ${lot.method}` };
  if (!lot.item) return { status: 'not_applicable', reason: 'the lot has no item code' };
  let mci: Decimal;
  try {
    mci = mciFor(lot.finYear);
  } catch (e) {
    if (!isZakError(e)) throw e;
    return { status: 'not_applicable', reason: `no MCI for financial year ${lot.finYear}` };
  }
  const ceiling = mci.times(ceilingMci);
  const code = lot.item.code;
  const amounts = new Map<string, Decimal>([[lot.id, lot.allocatedAmount]]);
  for (const p of ctx.purchases) {
    if (p.customerBin !== lot.customerBin || p.code !== code || p.finYear !== lot.finYear) continue;
    if (p.method !== lot.method || amounts.has(p.lotId)) continue;
    amounts.set(p.lotId, p.amount);
  }
  const total = [...amounts.values()].reduce((sum, a) => sum.plus(a), ZERO);
  const largest = [...amounts.values()].reduce((max, a) => (a.gt(max) ? a : max));
  const evidence = {
    code,
    finYear: lot.finYear,
    method: lot.method,
    purchases: amounts.size,
    lotIds: [...amounts.keys()],
    total: formatMoney(total),
    largest: formatMoney(largest),
  };
  const threshold = { ceilingMci, mci: formatDecimal(mci), ceiling: formatMoney(ceiling) };
  if (largest.gt(ceiling)) {
    return {
      status: 'not_applicable',
      reason: 'a purchase alone exceeds the ceiling: not a split',
      evidence,
    };
  }
  if (total.lte(ceiling) || amounts.size < 2) {
    return {
      status: 'clear',
      evidence,
      threshold,
      reason: `annual total ${formatMoney(total)} within the ceiling`,
    };
  }
  return {
    status: 'flagged',
    severity: graded(cfg.floor, total.minus(ceiling).dividedBy(ceiling)),
    evidence,
    threshold,
    reason: `${amounts.size} purchases of ${code} each within the ${ceilingMci} MCI ceiling total ${formatMoney(total)}, above ${formatMoney(ceiling)}`,
  };
}

import {
  D,
  formatDecimal,
  formatMoney,
  isProcurementMethod,
  mciFor,
  ZERO,
  type Decimal,
} from '@zakupai/domain';
import { isZakError } from '@zakupai/errors';
import type { LotContext } from '../context.ts';
import { explain } from '../explanations.ts';
import type { Lot } from '../lot.ts';
import type { RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';
import { graded } from '../severity.ts';

/**
 * The ceiling of a method that has one (Law 106-VIII Art. 10 p.4: price quotes only while the customer's annual
 * volume of the homogeneous goods, works or services is within 8,000 MCI; p.5: the e-shop within 4,000 MCI, for
 * goods), at the MCI of the lot's financial year. Amounts exclude VAT.
 *
 * - A purchase by such a method whose own amount is above the ceiling breaks the ceiling by itself: flagged at full
 *   severity (its own explanation), whatever else the customer bought.
 * - Otherwise the annual volume is the lot and every other purchase of the same customer, code and financial year,
 *   by any method (a price-quotes lot counts together with the tender lots of its code): above the ceiling, the
 *   method should not have been used, and splitting the volume to use it is what pp.4–5 forbid. Severity grows
 *   with the excess, reaching 1 at twice the ceiling.
 * Financial years before Law 106-VIII took effect are not judged (Law 434-V had its own ceilings).
 */
export function contractSplitting(
  lot: Lot,
  ctx: LotContext,
  cfg: RuleConfigOf<'contract_splitting'>,
): RuleFinding {
  if (lot.method === null) return { status: 'not_applicable', reason: 'the trade method is unknown' };
  const method = lot.method;
  const ceilingMci = isProcurementMethod(method) ? cfg.ceilingsMci[method] : undefined;
  if (ceilingMci === undefined)
    return { status: 'not_applicable', reason: `no annual ceiling for method ${method}` };
  const lawYear = Number(cfg.lawInForceFrom.slice(0, 4));
  if (lot.finYear < lawYear) {
    return {
      status: 'not_applicable',
      reason: `financial year ${lot.finYear} is before Law 106-VIII took effect; the ceilings of Law 434-V are not modelled`,
    };
  }
  let mci: Decimal;
  try {
    mci = mciFor(lot.finYear);
  } catch (e) {
    if (!isZakError(e)) throw e;
    return { status: 'not_applicable', reason: `no MCI for financial year ${lot.finYear}` };
  }
  const ceiling = mci.times(ceilingMci);
  const threshold = { ceilingMci, mci: formatDecimal(mci), ceiling: formatMoney(ceiling) };

  if (lot.allocatedAmount.gt(ceiling)) {
    return {
      status: 'flagged',
      severity: D(1),
      evidence: {
        finYear: lot.finYear,
        method,
        amount: formatMoney(lot.allocatedAmount),
        breach: 'single_purchase_above_ceiling',
      },
      threshold,
      reason: `a single ${method} purchase of ${formatMoney(lot.allocatedAmount)} is above the ${ceilingMci} MCI ceiling of ${formatMoney(ceiling)}`,
      explain: explain('contract_splitting', 'single_purchase_above_ceiling', {
        amount: formatMoney(lot.allocatedAmount),
        ceiling: formatMoney(ceiling),
        ceilingMci,
        method,
      }),
    };
  }
  if (lot.item === undefined) return { status: 'not_applicable', reason: 'the item code is unknown' };
  if (lot.item === null) return { status: 'not_applicable', reason: 'the lot has no item code' };

  const code = lot.item.code;
  const amounts = new Map<string, Decimal>([[lot.id, lot.allocatedAmount]]);
  const methods = new Map<string, string>([[lot.id, method]]);
  for (const p of ctx.purchases) {
    if (p.customerBin !== lot.customerBin || p.code !== code || p.finYear !== lot.finYear) continue;
    if (amounts.has(p.lotId)) continue;
    amounts.set(p.lotId, p.amount);
    methods.set(p.lotId, p.method ?? 'unknown');
  }
  const total = [...amounts.values()].reduce((sum, a) => sum.plus(a), ZERO);
  const evidence = {
    code,
    finYear: lot.finYear,
    method,
    purchases: amounts.size,
    lotIds: [...amounts.keys()],
    methods: [...methods.values()],
    total: formatMoney(total),
  };
  if (total.lte(ceiling) || amounts.size < 2) {
    return {
      status: 'clear',
      evidence,
      threshold,
      reason: `annual volume ${formatMoney(total)} of ${code} within the ceiling`,
    };
  }
  return {
    status: 'flagged',
    severity: graded(cfg.floor, total.minus(ceiling).dividedBy(ceiling)),
    evidence: { ...evidence, breach: 'annual_volume_above_ceiling' },
    threshold,
    reason: `the annual volume of ${code}, ${amounts.size} purchases by any method, totals ${formatMoney(total)}, above the ${ceilingMci} MCI ceiling of ${formatMoney(ceiling)} for ${method}`,
    explain: explain('contract_splitting', 'annual_volume_above_ceiling', {
      purchases: amounts.size,
      code,
      total: formatMoney(total),
      ceiling: formatMoney(ceiling),
      ceilingMci,
      method,
    }),
  };
}

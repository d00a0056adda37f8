import { D, Decimal } from './decimal.ts';
import { roundMoney } from './money.ts';
import { percentOf } from './percent.ts';
import { isTenderMethod, type ProcurementMethod } from './procurement.ts';
import { grossOfVat } from './vat.ts';

export interface Security {
  /** Percent of the base sum. */
  pct: Decimal;
  amount: Decimal;
  basis: string;
}

/**
 * Bid security (обеспечение заявки), Rules 687 p.104: 1% of the allocated sum for a tender (a rating-and-points
 * tender included) or an auction, 3% for price quotes and for a turnkey construction tender. The e-shop takes none
 * (null). p.106 rounds the sum to whole tenge: under 50 tiyn down, 50 tiyn and more up.
 * `allocated` is the sum allocated for the lot, without VAT.
 */
export function bidSecurity(method: ProcurementMethod, allocated: Decimal, turnkey = false): Security | null {
  if (method === 'eshop') return null;
  const threePct = method === 'price_quotes' || (isTenderMethod(method) && turnkey);
  const pct = D(threePct ? 3 : 1);
  const amount = percentOf(D(allocated), pct).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  const what = threePct
    ? method === 'price_quotes'
      ? 'price quotes'
      : 'turnkey construction tender'
    : method === 'rating_tender'
      ? 'rating-and-points tender'
      : method;
  return {
    pct,
    amount,
    basis: `Rules 687 p.104, p.106: ${pct.toString()}% of the allocated sum (${what}), in whole tenge`,
  };
}

/**
 * The contract sum a bid becomes: the standard contracts state it "including VAT" for a VAT payer (Rules 687
 * App. 38, 39 and 42, cl. 2.1). So it is the bid without VAT plus VAT at `vatRatePct`, rounded once to the tiyn,
 * or the bid itself when the supplier does not pay VAT (`vatRatePct` null).
 */
export function contractSumOf(bidWithoutVat: Decimal, vatRatePct: Decimal | null): Decimal {
  const bid = D(bidWithoutVat);
  return roundMoney(vatRatePct === null ? bid : grossOfVat(bid, vatRatePct));
}

/**
 * Performance security (обеспечение исполнения договора), Rules 687 p.542: 3% of the contract sum, 5% for
 * price quotes (Law 106-VIII Art. 17 p.10 allows 3–5%). The contract sum is a sum in tiyn, with VAT for a VAT
 * payer (`contractSumOf`). Paid within 10 working days of the contract taking effect (p.537). An anti-dumping
 * sum, when due, is paid on top of it (Law Art. 13 p.2).
 */
export function performanceSecurity(method: ProcurementMethod, contractSum: Decimal): Security {
  const pct = D(method === 'price_quotes' ? 5 : 3);
  return {
    pct,
    amount: roundMoney(percentOf(D(contractSum), pct)),
    basis: `Rules 687 p.542: ${pct.toString()}% of the contract sum${method === 'price_quotes' ? ' for price quotes' : ''}`,
  };
}

import { pricesComparable, priceComparisonReason, type CardinalContext } from './context.ts';
import { finalAwards, soleTenderer, type ReleaseView } from './release-view.ts';
import type { Evidence } from '../outcome.ts';
import { moneyText } from './localize.ts';
import { decimalText, type Fraction } from './rational.ts';

export type SecondLowest =
  | {
      ok: true;
      /** (secondLowestValidBidAmount − winningBidAmount) / winningBidAmount, exact. */
      ratio: Fraction;
      winner: string;
      winningAmount: Fraction;
      second: string;
      secondAmount: Fraction;
      currency: string;
    }
  | { ok: false; reason: string };

/**
 * Cardinal's `SecondLowestBidRatio`, the comparison behind R024 and R058, with the exclusions its pages list: an
 * award pending; more or fewer than one active award (#14); an award to several suppliers, or a valid bid from
 * several tenderers (#17); a price in another currency than the main one; the winner's bid not the lowest
 * (award criteria not price-only). The winner's bid is its lowest valid bid; the second is the lowest valid bid
 * of anyone else.
 */
export function secondLowestBid(view: ReleaseView, ctx: CardinalContext): SecondLowest {
  if (!pricesComparable(view, ctx.settings)) return { ok: false, reason: priceComparisonReason(view) };
  const awards = finalAwards(view);
  if (!awards.ok) return awards;
  if (awards.active.length !== 1) {
    return { ok: false, reason: `${awards.active.length} active awards; the comparison needs exactly one` };
  }
  const award = awards.active[0]!;
  if (award.supplierCount !== 1 || award.supplierIds.length !== 1) {
    return {
      ok: false,
      reason: `the active award has ${award.supplierCount} suppliers; the comparison needs one`,
    };
  }
  const supplier = award.supplierIds[0]!;
  let winner: { id: string; amount: Fraction } | undefined;
  let other: { id: string; amount: Fraction } | undefined;
  for (const bid of awards.bids) {
    if (bid.status !== 'valid' || bid.amount === undefined || bid.currency === undefined) continue;
    if (bid.tendererCount > 1)
      return { ok: false, reason: `valid bid ${bid.id ?? bid.index} has several tenderers` };
    const tenderer = soleTenderer(bid);
    if (tenderer === undefined) continue;
    if (bid.currency !== ctx.currency) {
      return {
        ok: false,
        reason: `valid bid ${bid.id ?? bid.index} is in ${bid.currency}, not the main currency ${ctx.currency}`,
      };
    }
    if (tenderer === supplier) {
      if (!winner || bid.amount.lt(winner.amount)) winner = { id: tenderer, amount: bid.amount };
    } else if (!other || bid.amount.lt(other.amount)) {
      other = { id: tenderer, amount: bid.amount };
    }
  }
  if (!winner) return { ok: false, reason: `the supplier ${supplier} has no valid bid with a price` };
  if (!other) return { ok: false, reason: 'no other valid bid with a price' };
  if (other.amount.lt(winner.amount)) {
    return {
      ok: false,
      reason: 'the lowest valid bid did not win, so the award criteria are not price only',
    };
  }
  if (!winner.amount.gt(0)) return { ok: false, reason: 'the winning bid amount is not above zero' };
  return {
    ok: true,
    ratio: other.amount.sub(winner.amount).div(winner.amount),
    winner: winner.id,
    winningAmount: winner.amount,
    second: other.id,
    secondAmount: other.amount,
    currency: ctx.currency!,
  };
}

export type Comparison = Extract<SecondLowest, { ok: true }>;

/** What R024 and R058 show of a comparison. */
export function comparisonEvidence(c: Comparison): Evidence {
  return {
    winner: c.winner,
    winningBid: moneyText(c.winningAmount, c.currency),
    secondLowestBidder: c.second,
    secondLowestBid: moneyText(c.secondAmount, c.currency),
    difference: decimalText(c.ratio),
  };
}

/** The fence R024 or R058 used, for evidence: its value, where it came from, and the quartiles when computed. */
export function differenceFenceEvidence(
  name: 'lowerFence' | 'upperFence',
  fence: Fraction | null,
  fromSetting: string | undefined,
  meta: Record<string, Fraction | null>,
): Evidence {
  const text = (f: Fraction | null | undefined) => (f ? decimalText(f) : null);
  if (fromSetting) return { [name]: text(fence), source: fromSetting };
  const formula = name === 'lowerFence' ? 'Q1 − 1.5·IQR' : 'Q3 + 1.5·IQR';
  return {
    [name]: text(fence),
    source: `${formula} of the differences`,
    q1: text(meta.q1),
    q3: text(meta.q3),
  };
}

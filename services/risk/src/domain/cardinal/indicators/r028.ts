import { pricesComparable, priceComparisonReason } from '../context.ts';
import { localized, num } from '../localize.ts';
import { decimalText, fraction, type Fraction } from '../rational.ts';
import { submittedBids } from '../release-view.ts';
import type { CardinalFlag, ProcessOutcome } from '../result.ts';
import { clear, flagged, notApplicable, processFlag, TendererFlags, type Indicator } from './indicator.ts';

/**
 * R028 identical bid prices (docs/cli/indicators/R/028.md): two submitted bids with the same amount and currency
 * from different sets of tenderers (a tenderer may repeat its own price; the order of tenderers does not matter).
 * Output: 1.0 per flagged ocid and per tenderer of those bids. Cardinal compares each bid with the previous one at
 * the same price; flagging every tenderer set at a price that has two or more sets is the same result.
 */
export const r028: Indicator<'R028'> = ({ releases, ctx }) => {
  const flags: CardinalFlag[] = [];
  const outcomes = new Map<string, ProcessOutcome>();
  const tenderers = new TendererFlags();
  for (const view of releases) {
    if (!pricesComparable(view, ctx.settings)) {
      outcomes.set(view.ocid, notApplicable('R028', priceComparisonReason(view)));
      continue;
    }
    const byPrice = new Map<string, { amount: Fraction; currency: string; sets: Map<string, string[]> }>();
    for (const bid of submittedBids(view)) {
      if (bid.amount === undefined || bid.currency === undefined) continue;
      const ids = [...new Set(bid.tendererIds)].sort();
      if (ids.length === 0) continue;
      const key = `${bid.amount.toFraction()} ${bid.currency}`;
      const price = byPrice.get(key) ?? { amount: bid.amount, currency: bid.currency, sets: new Map() };
      price.sets.set(JSON.stringify(ids), ids);
      byPrice.set(key, price);
    }
    const shared = [...byPrice.values()].filter((p) => p.sets.size >= 2);
    if (byPrice.size === 0) {
      outcomes.set(view.ocid, notApplicable('R028', 'no submitted bid with a price and a tenderer'));
      continue;
    }
    if (shared.length === 0) {
      outcomes.set(
        view.ocid,
        clear('R028', 'no two tenderers bid the same price', { prices: byPrice.size }, {}),
      );
      continue;
    }
    const lines = shared.map(
      (p) =>
        `${decimalText(p.amount)} ${p.currency}: ${[...p.sets.values()].map((s) => s.join('+')).join(', ')}`,
    );
    const evidence = { identicalPrices: lines };
    const threshold = { differentTenderersAtOnePrice: 2 };
    outcomes.set(view.ocid, flagged('R028', 'different tenderers bid the same price', evidence, threshold));
    for (const p of shared)
      for (const set of p.sets.values())
        for (const id of set) tenderers.add(id, view.ocid, `bid ${decimalText(p.amount)} ${p.currency}`);
    flags.push(
      processFlag(
        'R028',
        view.ocid,
        fraction(1),
        evidence,
        threshold,
        localized((l) => {
          const text = shared
            .map(
              (p) =>
                `${num(p.amount, l)} ${p.currency} (${[...p.sets.values()].map((s) => s.join(' + ')).join('; ')})`,
            )
            .join(', ');
          return l === 'en'
            ? `Different tenderers submitted bids with the same price: ${text}.`
            : l === 'ru'
              ? `Разные участники подали заявки с одинаковой ценой: ${text}.`
              : `Әртүрлі қатысушылар бірдей бағамен өтінім берді: ${text}.`;
        }),
      ),
    );
  }
  flags.push(
    ...tenderers.flags('R028', fraction(1), (ocids, roles) =>
      localized((l) =>
        l === 'en'
          ? `Bid the same price as another tenderer in ${ocids.length} process(es) (R028): ${roles.join('; ')}.`
          : l === 'ru'
            ? `Подал ту же цену, что и другой участник, в ${ocids.length} процедурах (R028): ${roles.join('; ')}.`
            : `${ocids.length} рәсімде басқа қатысушымен бірдей баға ұсынды (R028): ${roles.join('; ')}.`,
      ),
    ),
  );
  return { flags, outcomes };
};

import { pricesComparable, priceComparisonReason } from '../context.ts';
import { localized, moneyText, num } from '../localize.ts';
import { fraction } from '../rational.ts';
import { submittedBids, type BidView } from '../release-view.ts';
import type { CardinalFlag, ProcessOutcome } from '../result.ts';
import { clear, flagged, notApplicable, processFlag, type Indicator } from './indicator.ts';

/**
 * R036 lowest bid disqualified (docs/cli/indicators/R/036.md): there is an active award and a valid bid with an
 * amount, and the lowest submitted bid is disqualified (on a tie, the first in bids.details decides, as in Cardinal).
 * Prices in another currency than the main one leave the process out. Output: 1.0 per flagged ocid.
 */
export const r036: Indicator<'R036'> = ({ releases, ctx }) => {
  const flags: CardinalFlag[] = [];
  const outcomes = new Map<string, ProcessOutcome>();
  for (const view of releases) {
    const out = (o: ProcessOutcome) => outcomes.set(view.ocid, o);
    if (!pricesComparable(view, ctx.settings)) {
      out(notApplicable('R036', priceComparisonReason(view)));
      continue;
    }
    if (!view.awards?.some((a) => a.status === 'active')) {
      out(notApplicable('R036', 'there is no active award'));
      continue;
    }
    const priced = submittedBids(view).filter((b) => b.amount !== undefined && b.currency !== undefined);
    const foreign = priced.find((b) => b.currency !== ctx.currency);
    if (foreign) {
      out(
        notApplicable(
          'R036',
          `bid ${foreign.id ?? foreign.index} is in ${foreign.currency}, not the main currency ${ctx.currency}`,
        ),
      );
      continue;
    }
    if (!priced.some((b) => b.status === 'valid')) {
      out(notApplicable('R036', 'no valid bid has an amount'));
      continue;
    }
    let lowest: BidView = priced[0]!;
    for (const bid of priced) if (bid.amount!.lt(lowest.amount!)) lowest = bid;
    const evidence = {
      lowestBid: moneyText(lowest.amount!, lowest.currency),
      lowestBidStatus: lowest.status!,
      lowestBidder: lowest.tendererIds.join('+') || null,
    };
    const threshold = { flaggedWhenLowestBidIs: 'disqualified' };
    if (lowest.status !== 'disqualified') {
      out(clear('R036', `the lowest submitted bid is ${lowest.status}`, evidence, threshold));
      continue;
    }
    out(flagged('R036', 'the lowest submitted bid was disqualified', evidence, threshold));
    const who = lowest.tendererIds.join(', ');
    flags.push(
      processFlag(
        'R036',
        view.ocid,
        fraction(1),
        evidence,
        threshold,
        localized((l) => {
          const amount = `${num(lowest.amount!, l)} ${lowest.currency}`;
          return l === 'en'
            ? `The lowest submitted bid (${amount}${who ? `, ${who}` : ''}) was disqualified, while valid priced bids remained and the contract was awarded.`
            : l === 'ru'
              ? `Заявка с наименьшей ценой (${amount}${who ? `, ${who}` : ''}) отклонена, хотя остались допущенные заявки с ценой и договор присуждён.`
              : `Ең төмен бағалы өтінім (${amount}${who ? `, ${who}` : ''}) қабылданбады, бірақ бағасы бар рұқсат етілген өтінімдер қалды және шарт жасалды.`;
        }),
      ),
    );
  }
  return { flags, outcomes };
};

import { asObject, asString } from '../json.ts';
import { localized, when } from '../localize.ts';
import { fraction } from '../rational.ts';
import type { CardinalFlag, ProcessOutcome } from '../result.ts';
import { parseRfc3339 } from '../rfc3339.ts';
import { clear, flagged, notApplicable, processFlag, TendererFlags, type Indicator } from './indicator.ts';

/**
 * R030 late bid won (docs/cli/indicators/R/030.md): a valid bid received (bids.details[].date) after the submission
 * deadline (tender.tenderPeriod.endDate) from a tenderer that is a supplier of an active award. Dates are compared
 * as instants (Cardinal compares the strings, which agrees only when both share one offset and precision).
 * Output: 1.0 per flagged ocid and per such tenderer.
 */
export const r030: Indicator<'R030'> = ({ releases }) => {
  const flags: CardinalFlag[] = [];
  const outcomes = new Map<string, ProcessOutcome>();
  const winners = new TendererFlags();
  for (const view of releases) {
    const out = (o: ProcessOutcome) => outcomes.set(view.ocid, o);
    const endText = asString(asObject(view.tender?.tenderPeriod)?.endDate);
    const deadline = endText === undefined ? undefined : parseRfc3339(endText);
    if (deadline === undefined) {
      out(
        notApplicable('R030', 'tender.tenderPeriod.endDate is not an RFC 3339 date-time', {
          endDate: endText ?? null,
        }),
      );
      continue;
    }
    if (!view.awards || !view.bids) {
      out(notApplicable('R030', 'the release needs awards and bids.details'));
      continue;
    }
    const suppliers = new Set(view.awards.filter((a) => a.status === 'active').flatMap((a) => a.supplierIds));
    const late: Array<{ tenderer: string; date: string }> = [];
    let dated = 0;
    for (const bid of view.bids) {
      if (bid.status !== 'valid' || bid.date === undefined) continue;
      const received = parseRfc3339(bid.date);
      if (received === undefined) continue;
      dated += 1;
      if (received <= deadline) continue;
      for (const id of bid.tendererIds) if (suppliers.has(id)) late.push({ tenderer: id, date: bid.date });
    }
    if (dated === 0) {
      out(notApplicable('R030', 'no valid bid has an RFC 3339 date'));
      continue;
    }
    const threshold = { submissionDeadline: endText! };
    if (late.length === 0) {
      out(
        clear(
          'R030',
          'no winning bid was received after the deadline',
          { validBidsWithDate: dated },
          threshold,
        ),
      );
      continue;
    }
    const evidence = { lateWinningBids: late.map((b) => `${b.tenderer} at ${b.date}`) };
    out(flagged('R030', 'a winning bid was received after the deadline', evidence, threshold));
    for (const b of late) winners.add(b.tenderer, view.ocid, `bid received ${b.date}`);
    flags.push(
      processFlag(
        'R030',
        view.ocid,
        fraction(1),
        evidence,
        threshold,
        localized((l) => {
          const bids = late.map((b) => `${b.tenderer}, ${when(b.date, l)}`).join('; ');
          return l === 'en'
            ? `A valid bid of the winner was received after the submission deadline ${when(endText!, l)}: ${bids}.`
            : l === 'ru'
              ? `Допущенная заявка победителя получена после окончания срока подачи ${when(endText!, l)}: ${bids}.`
              : `Жеңімпаздың рұқсат етілген өтінімі өтінім беру мерзімі аяқталғаннан (${when(endText!, l)}) кейін түсті: ${bids}.`;
        }),
      ),
    );
  }
  flags.push(
    ...winners.flags('R030', fraction(1), (ocids, roles) =>
      localized((l) =>
        l === 'en'
          ? `Won with a bid received after the deadline in ${ocids.length} process(es) (R030): ${roles.join('; ')}.`
          : l === 'ru'
            ? `Победил с заявкой, полученной после срока, в ${ocids.length} процедурах (R030): ${roles.join('; ')}.`
            : `${ocids.length} рәсімде мерзімнен кейін түскен өтініммен жеңді (R030): ${roles.join('; ')}.`,
      ),
    ),
  );
  return { flags, outcomes };
};

import { asObject, asString } from '../json.ts';
import { matchesProcurementMethod } from '../context.ts';
import { localized, when } from '../localize.ts';
import { fraction } from '../rational.ts';
import type { CardinalFlag, ProcessOutcome } from '../result.ts';
import { parseRfc3339, wholeDaysBetween } from '../rfc3339.ts';
import { clear, flagged, notApplicable, processFlag, type Indicator } from './indicator.ts';

/**
 * R003 short submission period (docs/cli/indicators/R/003.md): whole days from tenderPeriod.startDate to endDate
 * (truncated); flagged when shorter than the threshold, 15 by default, or the `[R003.procurement_method_details]`
 * value for the process's procurementMethodDetails. With `procurement_methods` set, only those methods count.
 * Output: 1.0 per flagged ocid.
 */
export const r003: Indicator<'R003'> = ({ releases, settings }) => {
  const flags: CardinalFlag[] = [];
  const outcomes = new Map<string, ProcessOutcome>();
  for (const view of releases) {
    const out = (o: ProcessOutcome) => outcomes.set(view.ocid, o);
    if (!view.tender) {
      out(notApplicable('R003', 'the release has no tender'));
      continue;
    }
    if (!matchesProcurementMethod(view, settings.procurementMethods)) {
      out(
        notApplicable(
          'R003',
          `procurement method ${view.procurementMethod ?? '(not set)'} is not among ${[...settings.procurementMethods].join('|')}`,
        ),
      );
      continue;
    }
    const period = asObject(view.tender.tenderPeriod);
    const startText = asString(period?.startDate);
    const endText = asString(period?.endDate);
    const start = startText === undefined ? undefined : parseRfc3339(startText);
    const end = endText === undefined ? undefined : parseRfc3339(endText);
    if (start === undefined || end === undefined) {
      out(
        notApplicable('R003', 'tenderPeriod.startDate and endDate must both be RFC 3339 date-times', {
          startDate: startText ?? null,
          endDate: endText ?? null,
        }),
      );
      continue;
    }
    const days = wholeDaysBetween(start, end);
    const details = view.procurementMethodDetails;
    const perDetails = details === undefined ? undefined : settings.procurementMethodDetails.get(details);
    const threshold = perDetails ?? settings.threshold;
    const evidence = {
      startDate: startText!,
      endDate: endText!,
      wholeDays: days,
      procurementMethod: view.procurementMethod ?? null,
      procurementMethodDetails: details ?? null,
    };
    const limit = {
      minimumWholeDays: threshold,
      source: perDetails === undefined ? 'R003.threshold' : `R003.procurement_method_details.${details}`,
    };
    if (days >= threshold) {
      out(clear('R003', `${days} whole days, threshold ${threshold}`, evidence, limit));
      continue;
    }
    out(
      flagged(
        'R003',
        `submission period of ${days} whole days is shorter than ${threshold}`,
        evidence,
        limit,
      ),
    );
    flags.push(
      processFlag(
        'R003',
        view.ocid,
        fraction(1),
        evidence,
        limit,
        localized((l) =>
          l === 'en'
            ? `The submission period, ${when(startText!, l)} – ${when(endText!, l)}, lasted ${days} whole days: shorter than the threshold of ${threshold} days.`
            : l === 'ru'
              ? `Срок подачи заявок ${when(startText!, l)} – ${when(endText!, l)} составил ${days} полных дн.: меньше порога в ${threshold} дн.`
              : `Өтінім беру мерзімі ${when(startText!, l)} – ${when(endText!, l)} ${days} толық күнге созылды: бұл ${threshold} күндік шектен аз.`,
        ),
      ),
    );
  }
  return { flags, outcomes };
};

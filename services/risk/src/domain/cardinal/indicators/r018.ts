import { asNumber } from '../json.ts';
import { matchesProcurementMethod } from '../context.ts';
import { localized } from '../localize.ts';
import { fraction } from '../rational.ts';
import type { CardinalFlag, ProcessOutcome } from '../result.ts';
import { clear, flagged, notApplicable, processFlag, type Indicator } from './indicator.ts';

/**
 * R018 single bid received (docs/cli/indicators/R/018.md): tender.numberOfTenderers is 1 and the procurement
 * method is competitive (`procurement_methods`, default open|selective; an empty list counts every method).
 * Output: 1.0 per flagged ocid.
 */
export const r018: Indicator<'R018'> = ({ releases, settings }) => {
  const flags: CardinalFlag[] = [];
  const outcomes = new Map<string, ProcessOutcome>();
  const methods = [...settings.procurementMethods].join('|');
  for (const view of releases) {
    const out = (o: ProcessOutcome) => outcomes.set(view.ocid, o);
    if (!view.tender || !matchesProcurementMethod(view, settings.procurementMethods)) {
      out(
        notApplicable(
          'R018',
          `procurement method ${view.procurementMethod ?? '(not set)'} is not among the competitive ${methods}`,
        ),
      );
      continue;
    }
    const tenderers = asNumber(view.tender.numberOfTenderers);
    if (tenderers === undefined) {
      out(notApplicable('R018', 'tender.numberOfTenderers is not set'));
      continue;
    }
    const evidence = { numberOfTenderers: tenderers, procurementMethod: view.procurementMethod ?? null };
    const threshold = { competitiveMethods: methods || '(all)', flaggedWhenTenderers: 1 };
    if (tenderers !== 1) {
      out(clear('R018', `${tenderers} tenderers`, evidence, threshold));
      continue;
    }
    out(flagged('R018', 'a single tenderer in a competitive procedure', evidence, threshold));
    const method = view.procurementMethod ?? '';
    flags.push(
      processFlag(
        'R018',
        view.ocid,
        fraction(1),
        evidence,
        threshold,
        localized((l) =>
          l === 'en'
            ? `Only one tenderer submitted a bid, though the procedure is competitive (procurementMethod ${method}).`
            : l === 'ru'
              ? `Заявку подал только один участник, хотя процедура конкурентная (procurementMethod ${method}).`
              : `Рәсім бәсекелес болса да (procurementMethod ${method}), өтінімді бір ғана қатысушы берді.`,
        ),
      ),
    );
  }
  return { flags, outcomes };
};

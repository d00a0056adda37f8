import { localized } from '../localize.ts';
import { fraction } from '../rational.ts';
import { finalAwards } from '../release-view.ts';
import type { CardinalFlag, ProcessOutcome } from '../result.ts';
import { clear, flagged, notApplicable, processFlag, TendererFlags, type Indicator } from './indicator.ts';

/**
 * R035 all except winning bid disqualified (docs/cli/indicators/R/035.md): exactly one tenderer has valid bids,
 * that tenderer is the set of suppliers of all active awards, and at least `threshold` (1) other tenderers have
 * disqualified bids. Awards must be final. Output: the number of other tenderers disqualified per ocid; 0.0 for the
 * winner.
 */
export const r035: Indicator<'R035'> = ({ releases, settings }) => {
  const flags: CardinalFlag[] = [];
  const outcomes = new Map<string, ProcessOutcome>();
  const winners = new TendererFlags();
  for (const view of releases) {
    const out = (o: ProcessOutcome) => outcomes.set(view.ocid, o);
    const awards = finalAwards(view);
    if (!awards.ok) {
      out(notApplicable('R035', awards.reason));
      continue;
    }
    const suppliers = new Set(awards.active.flatMap((a) => a.supplierIds));
    const valid = new Set<string>();
    const disqualified = new Set<string>();
    for (const bid of awards.bids) {
      if (bid.status === 'valid') bid.tendererIds.forEach((id) => valid.add(id));
      else if (bid.status === 'disqualified') bid.tendererIds.forEach((id) => disqualified.add(id));
    }
    const others = [...disqualified].filter((id) => !valid.has(id));
    const evidence = {
      validTenderers: [...valid],
      disqualifiedTenderers: others,
      awardSuppliers: [...suppliers],
    };
    const threshold = { minimumOtherDisqualified: settings.threshold };
    const [only] = valid;
    const sole = valid.size === 1 && suppliers.size === 1 && suppliers.has(only!);
    if (!sole) {
      const why =
        valid.size !== 1
          ? `${valid.size} tenderers have valid bids`
          : 'the valid tenderer is not the set of active-award suppliers';
      out(clear('R035', why, evidence, threshold));
      continue;
    }
    if (others.length < settings.threshold) {
      out(
        clear(
          'R035',
          `${others.length} other tenderers disqualified, threshold ${settings.threshold}`,
          evidence,
          threshold,
        ),
      );
      continue;
    }
    out(flagged('R035', `all ${others.length} other tenderers were disqualified`, evidence, threshold));
    winners.add(only!, view.ocid, 'the only valid tenderer, awarded');
    flags.push(
      processFlag(
        'R035',
        view.ocid,
        fraction(others.length),
        evidence,
        threshold,
        localized((l) =>
          l === 'en'
            ? `Every bid except the winner's was disqualified: ${others.length} other tenderer(s) (${others.join(', ')}; threshold ${settings.threshold}), and the only valid tenderer, ${only}, was awarded.`
            : l === 'ru'
              ? `Отклонены все заявки, кроме заявки победителя: ${others.length} других участников (${others.join(', ')}; порог ${settings.threshold}), а договор присуждён единственному допущенному участнику ${only}.`
              : `Жеңімпаздың өтінімінен басқасының бәрі қабылданбады: ${others.length} басқа қатысушы (${others.join(', ')}; шек ${settings.threshold}), ал шарт жалғыз рұқсат етілген қатысушыға ${only} берілді.`,
        ),
      ),
    );
  }
  flags.push(
    ...winners.flags('R035', fraction(0), (ocids, roles) =>
      localized((l) =>
        l === 'en'
          ? `The only valid tenderer, and the winner, where all other bids were disqualified, in ${ocids.length} process(es) (R035): ${roles.join('; ')}.`
          : l === 'ru'
            ? `Единственный допущенный участник и победитель при отклонении всех остальных заявок в ${ocids.length} процедурах (R035): ${roles.join('; ')}.`
            : `Қалған өтінімдердің бәрі қабылданбаған ${ocids.length} рәсімдегі жалғыз рұқсат етілген қатысушы әрі жеңімпаз (R035): ${roles.join('; ')}.`,
      ),
    ),
  );
  return { flags, outcomes };
};

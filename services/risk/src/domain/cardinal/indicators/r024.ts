import { fenceOf } from '../fences.ts';
import { localized, num, pct } from '../localize.ts';
import { fraction, isPositive, type Fraction } from '../rational.ts';
import type { CardinalFlag } from '../result.ts';
import { differenceFenceEvidence } from '../second-lowest-bid.ts';
import { differenceOutliers } from './difference-outliers.ts';
import { processFlag, TendererFlags, type Indicator } from './indicator.ts';

/**
 * R024 price close to winning bid (docs/cli/indicators/R/024.md): difference = (second-lowest valid bid − winning
 * bid) / winning bid; flagged when ≤ the lower fence Q1 − 1.5·IQR of all differences, or ≤ `threshold` when set.
 * As in Cardinal, nothing is flagged unless Q1 > 0 and the fence > 0 (else 75% of processes would be). Output: the
 * difference per ocid; 0.0 for the winner and the second-lowest bidder.
 */
export const r024: Indicator<'R024'> = ({ settings, secondLowest }) => {
  const comparisons = secondLowest();
  const ratios = [...comparisons.values()].flatMap((c) => (c.ok ? [c.ratio] : []));
  const meta: Record<string, Fraction | null> = {};
  const { fence, q1 } = fenceOf(ratios, settings.threshold, 'lower', meta);
  meta.lower_fence = fence;
  const usable = isPositive(q1) && isPositive(fence);
  const threshold = differenceFenceEvidence(
    'lowerFence',
    fence,
    settings.threshold ? 'R024.threshold' : undefined,
    meta,
  );
  const flags: CardinalFlag[] = [];
  const tenderers = new TendererFlags();
  const { outcomes, outliers } = differenceOutliers('R024', comparisons, fence, usable, threshold);
  for (const { ocid, comparison: c, evidence } of outliers) {
    tenderers.add(c.winner, ocid, 'winner');
    tenderers.add(c.second, ocid, 'second-lowest bidder');
    flags.push(
      processFlag(
        'R024',
        ocid,
        c.ratio,
        evidence,
        threshold,
        localized((l) => {
          const second = `${num(c.secondAmount, l)} ${c.currency}`;
          const win = `${num(c.winningAmount, l)} ${c.currency}`;
          const f = num(fence!, l);
          return l === 'en'
            ? `The second-lowest valid bid (${second}, ${c.second}) is only ${pct(c.ratio, l)} above the winning bid (${win}, ${c.winner}): a difference of ${num(c.ratio, l)}, at or below the lower fence ${f}.`
            : l === 'ru'
              ? `Вторая по цене допущенная заявка (${second}, ${c.second}) выше победившей (${win}, ${c.winner}) всего на ${pct(c.ratio, l)}: разница ${num(c.ratio, l)} не выше нижней границы ${f}.`
              : `Бағасы бойынша екінші рұқсат етілген өтінім (${second}, ${c.second}) жеңген өтінімнен (${win}, ${c.winner}) небәрі ${pct(c.ratio, l)} жоғары: айырма ${num(c.ratio, l)}, төменгі шектен ${f} аспайды.`;
        }),
      ),
    );
  }
  flags.push(
    ...tenderers.flags('R024', fraction(0), (ocids, roles) =>
      localized((l) =>
        l === 'en'
          ? `Winner or second-lowest bidder in ${ocids.length} process(es) flagged by R024 (price close to the winning bid): ${roles.join('; ')}.`
          : l === 'ru'
            ? `Победитель или вторая по цене заявка в ${ocids.length} процедурах с признаком R024 (цена близка к победившей): ${roles.join('; ')}.`
            : `R024 белгісі бар ${ocids.length} рәсімдегі жеңімпаз немесе бағасы бойынша екінші өтінім беруші (баға жеңген өтінімге жақын): ${roles.join('; ')}.`,
      ),
    ),
  );
  return { flags, outcomes, meta };
};

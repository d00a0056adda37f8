import { fenceOf } from '../fences.ts';
import { localized, num, pct } from '../localize.ts';
import { fraction, type Fraction } from '../rational.ts';
import type { CardinalFlag } from '../result.ts';
import { differenceFenceEvidence } from '../second-lowest-bid.ts';
import { differenceOutliers } from './difference-outliers.ts';
import { processFlag, TendererFlags, type Indicator } from './indicator.ts';

/**
 * R058 heavily discounted bid (docs/cli/indicators/R/058.md): the same difference as R024; flagged when ≥ the
 * upper fence Q3 + 1.5·IQR of all differences, or ≥ `threshold` when set; nothing is flagged unless the fence > 0.
 * Output: the difference per ocid; 0.0 for the winner.
 */
export const r058: Indicator<'R058'> = ({ settings, secondLowest }) => {
  const comparisons = secondLowest();
  const ratios = [...comparisons.values()].flatMap((c) => (c.ok ? [c.ratio] : []));
  const meta: Record<string, Fraction | null> = {};
  const { fence } = fenceOf(ratios, settings.threshold, 'upper', meta);
  meta.upper_fence = fence;
  const threshold = differenceFenceEvidence(
    'upperFence',
    fence,
    settings.threshold ? 'R058.threshold' : undefined,
    meta,
  );
  const flags: CardinalFlag[] = [];
  const winners = new TendererFlags();
  const { outcomes, outliers } = differenceOutliers('R058', comparisons, fence, true, threshold);
  for (const { ocid, comparison: c, evidence } of outliers) {
    winners.add(c.winner, ocid, 'winner');
    flags.push(
      processFlag(
        'R058',
        ocid,
        c.ratio,
        evidence,
        threshold,
        localized((l) => {
          const second = `${num(c.secondAmount, l)} ${c.currency}`;
          const win = `${num(c.winningAmount, l)} ${c.currency}`;
          const f = num(fence!, l);
          return l === 'en'
            ? `The winning bid (${win}, ${c.winner}) is far below the second-lowest valid bid (${second}, ${c.second}), which is ${pct(c.ratio, l)} higher: a difference of ${num(c.ratio, l)}, at or above the upper fence ${f}.`
            : l === 'ru'
              ? `Победившая заявка (${win}, ${c.winner}) намного ниже второй по цене допущенной (${second}, ${c.second}), которая выше на ${pct(c.ratio, l)}: разница ${num(c.ratio, l)} не ниже верхней границы ${f}.`
              : `Жеңген өтінім (${win}, ${c.winner}) бағасы бойынша екінші рұқсат етілген өтінімнен (${second}, ${c.second}) әлдеқайда төмен, ол ${pct(c.ratio, l)} жоғары: айырма ${num(c.ratio, l)}, жоғарғы шектен ${f} кем емес.`;
        }),
      ),
    );
  }
  flags.push(
    ...winners.flags('R058', fraction(0), (ocids, roles) =>
      localized((l) =>
        l === 'en'
          ? `Winner of ${ocids.length} process(es) flagged by R058 (heavily discounted bid): ${roles.join('; ')}.`
          : l === 'ru'
            ? `Победитель ${ocids.length} процедур с признаком R058 (сильно заниженная заявка): ${roles.join('; ')}.`
            : `R058 белгісі бар ${ocids.length} рәсімнің жеңімпазы (бағасы қатты төмендетілген өтінім): ${roles.join('; ')}.`,
      ),
    ),
  );
  return { flags, outcomes, meta };
};

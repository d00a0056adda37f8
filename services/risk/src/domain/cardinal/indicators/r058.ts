import { quartiles, upperFence } from '../fences.ts';
import { localized, num, pct, moneyText } from '../localize.ts';
import { decimalText, fraction, isPositive, type Fraction } from '../rational.ts';
import type { CardinalFlag, ProcessOutcome } from '../result.ts';
import { clear, flagged, notApplicable, TendererFlags, type Indicator } from './indicator.ts';

/**
 * R058 heavily discounted bid (docs/cli/indicators/R/058.md): the same difference as R024; flagged when ≥ the
 * upper fence Q3 + 1.5·IQR of all differences, or ≥ `threshold` when set; nothing is flagged unless the fence > 0.
 * Output: the difference per ocid; 0.0 for the winner.
 */
export const r058: Indicator<'R058'> = ({ settings, secondLowest }) => {
  const comparisons = secondLowest();
  const ratios = [...comparisons.values()].flatMap((c) => (c.ok ? [c.ratio] : []));
  const meta: Record<string, Fraction | null> = {};
  let fence: Fraction | null;
  if (settings.threshold) {
    fence = settings.threshold;
  } else {
    const q = quartiles(ratios);
    meta.q1 = q?.q1 ?? null;
    meta.q3 = q?.q3 ?? null;
    fence = q ? upperFence(q) : null;
  }
  meta.upper_fence = fence;
  const threshold = {
    upperFence: fence ? decimalText(fence) : null,
    source: settings.threshold ? 'R058.threshold' : 'Q3 + 1.5·IQR of the differences',
    ...(settings.threshold
      ? {}
      : { q1: meta.q1 ? decimalText(meta.q1) : null, q3: meta.q3 ? decimalText(meta.q3) : null }),
  };
  const flags: CardinalFlag[] = [];
  const outcomes = new Map<string, ProcessOutcome>();
  const winners = new TendererFlags();
  for (const [ocid, c] of comparisons) {
    if (!c.ok) {
      outcomes.set(ocid, notApplicable('R058', c.reason));
      continue;
    }
    const evidence = {
      winner: c.winner,
      winningBid: moneyText(c.winningAmount, c.currency),
      secondLowestBidder: c.second,
      secondLowestBid: moneyText(c.secondAmount, c.currency),
      difference: decimalText(c.ratio),
    };
    if (!isPositive(fence)) {
      outcomes.set(
        ocid,
        notApplicable('R058', 'the upper fence is not above zero, so Cardinal flags nothing', evidence),
      );
      continue;
    }
    if (c.ratio.lt(fence!)) {
      outcomes.set(
        ocid,
        clear('R058', `difference ${decimalText(c.ratio)} is below the upper fence`, evidence, threshold),
      );
      continue;
    }
    outcomes.set(
      ocid,
      flagged(
        'R058',
        `difference ${decimalText(c.ratio)} ≥ upper fence ${decimalText(fence!)}`,
        evidence,
        threshold,
      ),
    );
    winners.add(c.winner, ocid, 'winner');
    flags.push({
      indicator: 'R058',
      group: 'OCID',
      id: ocid,
      value: c.ratio,
      evidence,
      threshold,
      ocids: [ocid],
      explanation: localized((l) => {
        const second = `${num(c.secondAmount, l)} ${c.currency}`;
        const win = `${num(c.winningAmount, l)} ${c.currency}`;
        const f = num(fence!, l);
        return l === 'en'
          ? `The winning bid (${win}, ${c.winner}) is far below the second-lowest valid bid (${second}, ${c.second}), which is ${pct(c.ratio, l)} higher: a difference of ${num(c.ratio, l)}, at or above the upper fence ${f}.`
          : l === 'ru'
            ? `Победившая заявка (${win}, ${c.winner}) намного ниже второй по цене допущенной (${second}, ${c.second}), которая выше на ${pct(c.ratio, l)}: разница ${num(c.ratio, l)} не ниже верхней границы ${f}.`
            : `Жеңген өтінім (${win}, ${c.winner}) бағасы бойынша екінші рұқсат етілген өтінімнен (${second}, ${c.second}) әлдеқайда төмен, ол ${pct(c.ratio, l)} жоғары: айырма ${num(c.ratio, l)}, жоғарғы шектен ${f} кем емес.`;
      }),
    });
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

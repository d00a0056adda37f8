import { lowerFence, quartiles } from '../fences.ts';
import { localized, moneyText, num, pct } from '../localize.ts';
import { decimalText, fraction, isPositive, type Fraction } from '../rational.ts';
import type { CardinalFlag, ProcessOutcome } from '../result.ts';
import { clear, flagged, notApplicable, TendererFlags, type Indicator } from './indicator.ts';

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
  let fence: Fraction | null;
  let q1: Fraction | null;
  if (settings.threshold) {
    fence = settings.threshold;
    q1 = fraction(1); // Cardinal's "dummy value to pass guard"
  } else {
    const q = quartiles(ratios);
    meta.q1 = q?.q1 ?? null;
    meta.q3 = q?.q3 ?? null;
    fence = q ? lowerFence(q) : null;
    q1 = q?.q1 ?? null;
  }
  meta.lower_fence = fence;
  const usable = isPositive(q1) && isPositive(fence);
  const threshold = {
    lowerFence: fence ? decimalText(fence) : null,
    source: settings.threshold ? 'R024.threshold' : 'Q1 − 1.5·IQR of the differences',
    ...(settings.threshold
      ? {}
      : { q1: meta.q1 ? decimalText(meta.q1) : null, q3: meta.q3 ? decimalText(meta.q3) : null }),
  };
  const flags: CardinalFlag[] = [];
  const outcomes = new Map<string, ProcessOutcome>();
  const tenderers = new TendererFlags();
  for (const [ocid, c] of comparisons) {
    if (!c.ok) {
      outcomes.set(ocid, notApplicable('R024', c.reason));
      continue;
    }
    const evidence = {
      winner: c.winner,
      winningBid: moneyText(c.winningAmount, c.currency),
      secondLowestBidder: c.second,
      secondLowestBid: moneyText(c.secondAmount, c.currency),
      difference: decimalText(c.ratio),
    };
    if (!usable) {
      outcomes.set(
        ocid,
        notApplicable('R024', 'the lower fence is not above zero, so Cardinal flags nothing', evidence),
      );
      continue;
    }
    if (c.ratio.gt(fence!)) {
      outcomes.set(
        ocid,
        clear('R024', `difference ${decimalText(c.ratio)} is above the lower fence`, evidence, threshold),
      );
      continue;
    }
    outcomes.set(
      ocid,
      flagged(
        'R024',
        `difference ${decimalText(c.ratio)} ≤ lower fence ${decimalText(fence!)}`,
        evidence,
        threshold,
      ),
    );
    tenderers.add(c.winner, ocid, 'winner');
    tenderers.add(c.second, ocid, 'second-lowest bidder');
    flags.push({
      indicator: 'R024',
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
          ? `The second-lowest valid bid (${second}, ${c.second}) is only ${pct(c.ratio, l)} above the winning bid (${win}, ${c.winner}): a difference of ${num(c.ratio, l)}, at or below the lower fence ${f}.`
          : l === 'ru'
            ? `Вторая по цене допущенная заявка (${second}, ${c.second}) выше победившей (${win}, ${c.winner}) всего на ${pct(c.ratio, l)}: разница ${num(c.ratio, l)} не выше нижней границы ${f}.`
            : `Бағасы бойынша екінші рұқсат етілген өтінім (${second}, ${c.second}) жеңген өтінімнен (${win}, ${c.winner}) небәрі ${pct(c.ratio, l)} жоғары: айырма ${num(c.ratio, l)}, төменгі шектен ${f} аспайды.`;
      }),
    });
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

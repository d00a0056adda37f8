import { fraction, Fraction } from './rational.ts';
import { quantile } from './quantile.ts';

export interface Quartiles {
  q1: Fraction;
  q3: Fraction;
}

const QUARTER = fraction(1, 4);
const THREE_QUARTERS = fraction(3, 4);
const ONE_AND_A_HALF = fraction(3, 2);

/** First and third quartiles (statrs' lower_quartile and upper_quartile), or null for no data. */
export function quartiles(values: readonly Fraction[]): Quartiles | null {
  const q1 = quantile(values, QUARTER);
  const q3 = quantile(values, THREE_QUARTERS);
  return q1 && q3 ? { q1, q3 } : null;
}

/** Tukey's lower fence, Q1 − 1.5·IQR. */
export function lowerFence({ q1, q3 }: Quartiles): Fraction {
  return q1.sub(q3.sub(q1).mul(ONE_AND_A_HALF));
}

/** Tukey's upper fence, Q3 + 1.5·IQR. */
export function upperFence({ q1, q3 }: Quartiles): Fraction {
  return q3.add(q3.sub(q1).mul(ONE_AND_A_HALF));
}

export interface Fence {
  /** Null when there is no data (Cardinal's NaN, which no comparison passes). */
  fence: Fraction | null;
  /** Q1, for Cardinal's "Q1 > 0" guard; 1 when a threshold is set (Cardinal's "dummy value to pass guard"). */
  q1: Fraction | null;
}

/**
 * Cardinal's fence for one indicator: the `threshold` setting when given, else Tukey's lower or upper fence of the
 * values. As in Cardinal, Q1 and Q3 go into Meta (under `prefix` + q1/q3) only when they were computed.
 */
export function fenceOf(
  values: readonly Fraction[],
  threshold: Fraction | undefined,
  side: 'lower' | 'upper',
  meta: Record<string, Fraction | null>,
  prefix = '',
): Fence {
  if (threshold) return { fence: threshold, q1: fraction(1) };
  const q = quartiles(values);
  meta[`${prefix}q1`] = q?.q1 ?? null;
  meta[`${prefix}q3`] = q?.q3 ?? null;
  if (!q) return { fence: null, q1: null };
  return { fence: side === 'lower' ? lowerFence(q) : upperFence(q), q1: q.q1 };
}

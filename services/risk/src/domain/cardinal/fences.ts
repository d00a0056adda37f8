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

import { fraction, Fraction } from './rational.ts';

const THIRD = fraction(1, 3);

/**
 * The quantile Cardinal uses: statrs' `OrderStatistics::quantile`, the median-unbiased estimator (R-8, Hyndman
 * and Fan 1996): h = (n + 1/3)·τ + 1/3; below the first order statistic it is the minimum, past the last the
 * maximum, otherwise x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]) (1-based). Exact. Null for no data or τ outside [0, 1]
 * (statrs returns NaN, which no comparison passes).
 */
export function quantile(values: readonly Fraction[], tau: Fraction): Fraction | null {
  if (values.length === 0 || tau.lt(0) || tau.gt(1)) return null;
  const sorted = [...values].sort((a, b) => a.compare(b));
  const n = sorted.length;
  const h = fraction(n).add(THIRD).mul(tau).add(THIRD);
  const floor = h.floor();
  const hf = Number(floor.s * floor.n);
  if (hf <= 0 || tau.equals(0)) return sorted[0]!;
  if (hf >= n || tau.equals(1)) return sorted[n - 1]!;
  const a = sorted[hf - 1]!;
  const b = sorted[hf]!;
  return a.add(h.sub(floor).mul(b.sub(a)));
}

/** statrs' `percentile(p)`: the quantile at p / 100. */
export function percentile(values: readonly Fraction[], p: number): Fraction | null {
  return quantile(values, fraction(p, 100));
}

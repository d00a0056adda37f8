import type { Decimal } from '@zakupai/domain';

/** The median of a non-empty list (the mean of the middle two for an even count); exact. */
export function median(values: readonly Decimal[]): Decimal {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : sorted[mid - 1]!.plus(sorted[mid]!).dividedBy(2);
}

import { Decimal } from '@zakupai/domain';

/** Severity of a graded rule: `floor` just past the threshold, rising linearly to 1 as `progress` goes 0 → 1. */
export function graded(floor: Decimal, progress: Decimal): Decimal {
  const p = Decimal.max(0, Decimal.min(1, progress));
  return floor.plus(new Decimal(1).minus(floor).times(p));
}

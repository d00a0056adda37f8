import { parseMoney, type Decimal } from '@zakupai/domain';

/** `parseMoney` for a field that may be absent (undefined or null). */
export function optionalMoney(value: unknown, field: string): Decimal | undefined {
  return value === undefined || value === null ? undefined : parseMoney(value, field);
}

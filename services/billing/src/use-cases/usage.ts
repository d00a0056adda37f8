import { validationError } from '@zakupai/errors';
import type { ApiKeyRecord } from '../domain/api-key.ts';
import { addDays, daySpan, isDay, type UsageEntry } from '../domain/usage.ts';
import type { BillingStore, DayUsage } from '../store/billing-store.ts';

export const MAX_USAGE_SPAN_DAYS = 366;
/** Days shown when the query names no `from`: the 30 days ending with `to`. */
export const DEFAULT_USAGE_SPAN_DAYS = 30;

/** Applies a metering batch from the gateway exactly once (the batch id makes retries harmless). */
export async function recordUsage(store: BillingStore, batchId: string, entries: readonly UsageEntry[]) {
  entries.forEach((e, i) => {
    if (!isDay(e.day)) throw validationError(`entries.${i}.day`, 'day must be a date written as YYYY-MM-DD');
  });
  return store.addUsage(batchId, entries);
}

export interface KeyUsage {
  keyId: string;
  prefix: string;
  from: string;
  to: string;
  /** Totals are decimal strings: bigint columns never pass through a float. */
  total: string;
  days: DayUsage[];
}

/**
 * Usage of one key per day from `from` to `to` (inclusive). `from` defaults to the start of the 30 days ending
 * with `to`; it is derived only after `to` is known to be a real date, so a malformed `to` is a 400 naming it.
 */
export async function keyUsage(
  store: BillingStore,
  key: ApiKeyRecord,
  rawFrom: string | undefined,
  to: string,
): Promise<KeyUsage> {
  if (!isDay(to)) throw validationError('to', 'to must be a date written as YYYY-MM-DD');
  const from = rawFrom ?? addDays(to, 1 - DEFAULT_USAGE_SPAN_DAYS);
  if (!isDay(from)) throw validationError('from', 'from must be a date written as YYYY-MM-DD');
  const span = daySpan(from, to);
  if (span < 1) throw validationError('to', 'to must not be before from');
  if (span > MAX_USAGE_SPAN_DAYS)
    throw validationError('to', `a usage query spans at most ${MAX_USAGE_SPAN_DAYS} days`);
  const days = await store.usage(key.id, from, to);
  const total = days.reduce((sum, d) => sum + BigInt(d.requests), 0n);
  return { keyId: key.id, prefix: key.prefix, from, to, total: total.toString(), days };
}

import { almatyDate, parseIsoDate } from '@zakupai/domain';
import { bin } from '../domain/parse-lot.ts';
import { rnuStatusOn } from '../domain/rnu-status.ts';
import type { RiskRepository } from './risk-repository.ts';

export type RnuResult = 'listed' | 'not_listed' | 'invalid';
export const RNU_RESULTS: readonly RnuResult[] = ['listed', 'not_listed', 'invalid'];

export interface RnuAnswer {
  bin: string;
  asOf: string;
  listed: boolean;
  since: string | null;
  until: string | null;
  /** Every inclusion on record, newest first, whether in force or not. */
  listings: Array<{ since: string | null; until: string | null; seenOn: string | null }>;
}

/**
 * GET /rnu/:bin: whether a supplier is in the register on a date (default today in Almaty). The BIN/IIN is
 * checked (12 digits and check digit) before any lookup; `onResult` sees every outcome, invalid ones included.
 */
export async function lookupRnu(
  rawBin: unknown,
  rawAsOf: unknown,
  deps: { repo: RiskRepository; now: () => Date; onResult: (r: RnuResult) => void },
): Promise<RnuAnswer> {
  let value: string;
  try {
    value = bin(rawBin, 'params.bin');
  } catch (e) {
    deps.onResult('invalid');
    throw e;
  }
  const asOf = rawAsOf === undefined ? almatyDate(deps.now()) : parseIsoDate(rawAsOf, 'querystring.asOf');
  const records = await deps.repo.rnuFor([value]);
  const status = rnuStatusOn(records, value, asOf);
  deps.onResult(status.listed ? 'listed' : 'not_listed');
  const listings = records
    .map((r) => ({ since: r.startDate, until: r.endDate, seenOn: r.observedOn }))
    .sort((a, b) => ((b.since ?? b.seenOn ?? '') < (a.since ?? a.seenOn ?? '') ? -1 : 1));
  return { bin: value, asOf, listed: status.listed, since: status.since, until: status.until, listings };
}

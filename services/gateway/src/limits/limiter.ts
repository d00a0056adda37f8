import type { LimitDecision } from '../domain/limit-windows.ts';
import type { Quotas } from '../domain/principal.ts';

/** Counts one request against a subject's hourly and daily quotas; refuses without counting when either is spent. */
export interface Limiter {
  take(subject: string, quotas: Quotas, nowMs: number): Promise<LimitDecision>;
}

import type { Quotas } from './principal.ts';

/** The two fixed windows every plan is counted in, aligned to UTC hours and days. */
export const WINDOWS = [
  { name: 'h', seconds: 3600, quota: (q: Quotas) => q.hourly },
  { name: 'd', seconds: 86_400, quota: (q: Quotas) => q.daily },
] as const;

export interface WindowCount {
  limit: number;
  /** Requests counted in the window, including this one when allowed. */
  used: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export interface LimitDecision {
  allowed: boolean;
  /** The binding window: the one with the fewest requests left. */
  limit: number;
  remaining: number;
  resetSeconds: number;
  /** Set when refused: seconds until every exhausted window has reset. */
  retryAfterSeconds?: number;
  /** `RateLimit-Policy` value, e.g. `20;w=3600, 100;w=86400`. */
  policy: string;
}

/** Index of the window containing `nowMs`, and seconds until it ends (at least 1). */
export function windowAt(
  nowMs: number,
  seconds: number,
): { index: number; resetSeconds: number; ttlMs: number } {
  const size = seconds * 1000;
  const index = Math.floor(nowMs / size);
  const ttlMs = (index + 1) * size - nowMs;
  return { index, resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)), ttlMs };
}

/** Combines the per-window counts into one decision and the standard header values. */
export function decide(allowed: boolean, counts: readonly WindowCount[]): LimitDecision {
  const policy = counts.map((c, i) => `${c.limit};w=${WINDOWS[i]!.seconds}`).join(', ');
  let binding = counts[0]!;
  for (const c of counts) if (c.limit - c.used < binding.limit - binding.used) binding = c;
  const decision: LimitDecision = {
    allowed,
    limit: binding.limit,
    remaining: Math.max(0, binding.limit - binding.used),
    resetSeconds: binding.resetSeconds,
    policy,
  };
  if (!allowed) {
    const exhausted = counts.filter((c) => c.used >= c.limit);
    decision.retryAfterSeconds = Math.max(1, ...exhausted.map((c) => c.resetSeconds));
  }
  return decision;
}

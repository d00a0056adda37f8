import { decide, WINDOWS, windowAt, type LimitDecision } from '../domain/limit-windows.ts';
import type { Quotas } from '../domain/principal.ts';
import type { Limiter } from './limiter.ts';

const MAX_ENTRIES = 100_000;

/** The same two-window rule in this process's memory: the fallback while Redis is unreachable. */
export class MemoryLimiter implements Limiter {
  readonly #counts = new Map<string, { count: number; expiresAt: number }>();

  async take(subject: string, quotas: Quotas, nowMs: number): Promise<LimitDecision> {
    if (this.#counts.size > MAX_ENTRIES) this.#sweep(nowMs);
    const windows = WINDOWS.map((w) => {
      const at = windowAt(nowMs, w.seconds);
      const key = `${subject}:${w.name}:${at.index}`;
      const entry = this.#counts.get(key);
      return { key, at, limit: w.quota(quotas), used: entry && entry.expiresAt > nowMs ? entry.count : 0 };
    });
    const allowed = windows.every((w) => w.used < w.limit);
    if (allowed) {
      for (const w of windows) {
        w.used += 1;
        this.#counts.set(w.key, { count: w.used, expiresAt: nowMs + w.at.ttlMs });
      }
    }
    return decide(
      allowed,
      windows.map((w) => ({ limit: w.limit, used: w.used, resetSeconds: w.at.resetSeconds })),
    );
  }

  /** Forgets every count (called when shared limits resume, so a later outage starts fresh). */
  clear(): void {
    this.#counts.clear();
  }

  #sweep(nowMs: number): void {
    for (const [k, v] of this.#counts) if (v.expiresAt <= nowMs) this.#counts.delete(k);
  }
}

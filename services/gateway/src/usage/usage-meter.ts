import { randomUUID } from 'node:crypto';
import type { Logger } from '@zakupai/kit';
import type { Counter, Gauge } from 'prom-client';
import type { Billing, UsageEntry } from '../billing/billing-client.ts';

export interface UsageMeterOptions {
  billing: Billing;
  logger: Logger;
  flushIntervalMs?: number;
  /** Flush early once this many key-days are pending. */
  maxPendingEntries?: number;
  metrics?: { flushes: Counter<'result'>; pending: Gauge };
}

/**
 * Counts forwarded API-key requests per key per UTC day and sends them to billing in batches.
 * A batch keeps its id until billing accepts it, so a retried batch (after a timeout that billing did
 * in fact apply) is counted once. New requests go to the next batch meanwhile.
 */
export class UsageMeter {
  #pending = new Map<string, UsageEntry>();
  #unsent: { batchId: string; entries: UsageEntry[] } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  readonly #max: number;

  constructor(private readonly options: UsageMeterOptions) {
    this.#max = options.maxPendingEntries ?? 1000;
    const every = options.flushIntervalMs ?? 5000;
    if (every > 0) {
      this.#timer = setInterval(() => void this.flush(), every);
      this.#timer.unref();
    }
  }

  record(keyId: string, at: Date): void {
    const day = at.toISOString().slice(0, 10);
    const k = `${keyId}|${day}`;
    const e = this.#pending.get(k);
    if (e) e.requests += 1;
    else this.#pending.set(k, { keyId, day, requests: 1 });
    this.options.metrics?.pending.inc();
    if (this.#pending.size >= this.#max) void this.flush();
  }

  /** Sends what is pending; never throws (a failed batch waits for the next flush). */
  flush(): Promise<void> {
    this.#flushing ??= this.#flush().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async #flush(): Promise<void> {
    if (!this.#unsent && this.#pending.size > 0) {
      this.#unsent = { batchId: randomUUID(), entries: [...this.#pending.values()] };
      this.#pending = new Map();
    }
    const batch = this.#unsent;
    if (!batch) return;
    try {
      await this.options.billing.sendUsage(batch.batchId, batch.entries);
      this.#unsent = undefined;
      this.options.metrics?.flushes.inc({ result: 'success' });
      this.options.metrics?.pending.dec(batch.entries.reduce((n, e) => n + e.requests, 0));
    } catch (err) {
      this.options.metrics?.flushes.inc({ result: 'failure' });
      this.options.logger.warn(
        { err: err instanceof Error ? err.message : 'unknown', entries: batch.entries.length },
        'usage batch not delivered; will retry',
      );
    }
  }

  /** Stops the timer and makes a last attempt to deliver. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
    if (this.#pending.size > 0 && !this.#unsent) await this.flush();
  }
}

import { setTimeout as delay } from 'node:timers/promises';

/**
 * A client-side cap on request starts: at most `perSecond` starts in any second, spaced evenly.
 * `perSecond <= 0` or Infinity disables it (benchmarks against the local fake).
 */
export class RateCap {
  readonly #intervalMs: number;
  #next = 0;

  constructor(perSecond: number) {
    this.#intervalMs = perSecond > 0 && Number.isFinite(perSecond) ? 1000 / perSecond : 0;
  }

  async take(signal?: AbortSignal): Promise<void> {
    if (this.#intervalMs === 0) return;
    const now = Date.now();
    const at = Math.max(now, this.#next);
    this.#next = at + this.#intervalMs;
    if (at > now) await delay(at - now, undefined, signal ? { signal } : {});
  }
}

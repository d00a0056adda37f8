import type { Gauge } from 'prom-client';
import type { Logger } from '@zakupai/kit';
import type { LimitDecision } from '../domain/limit-windows.ts';
import type { Quotas } from '../domain/principal.ts';
import type { Limiter } from './limiter.ts';
import type { MemoryLimiter } from './memory-limiter.ts';
import type { RedisLimiter } from './redis-limiter.ts';

export interface FailoverOptions {
  /** How often to ping Redis while degraded. */
  probeIntervalMs?: number;
}

/**
 * Shared limits in Redis while it answers; per-instance memory limits while it does not
 * (`gateway_ratelimit_fallback` = 1). A failed command switches at once, so a dead Redis costs one
 * failed call, not a hang (the client has a command timeout and no offline queue). A probe pings Redis
 * and switches back as soon as it answers. Authentication never depends on Redis.
 */
export class FailoverLimiter implements Limiter {
  #degraded = false;
  #probe: NodeJS.Timeout | undefined;
  readonly #probeIntervalMs: number;

  constructor(
    private readonly redis: RedisLimiter,
    private readonly memory: MemoryLimiter,
    private readonly fallbackGauge: Gauge,
    private readonly logger: Logger,
    options: FailoverOptions = {},
  ) {
    this.#probeIntervalMs = options.probeIntervalMs ?? 1000;
    fallbackGauge.set(0);
  }

  get degraded(): boolean {
    return this.#degraded;
  }

  async take(subject: string, quotas: Quotas, nowMs: number): Promise<LimitDecision> {
    if (!this.#degraded) {
      try {
        return await this.redis.take(subject, quotas, nowMs);
      } catch (err) {
        this.#degrade(err);
      }
    }
    return this.memory.take(subject, quotas, nowMs);
  }

  #degrade(err: unknown): void {
    if (this.#degraded) return;
    this.#degraded = true;
    this.fallbackGauge.set(1);
    this.logger.warn(
      { reason: err instanceof Error ? err.message : 'unknown' },
      'redis unreachable: rate limits are per instance until it returns',
    );
    this.#probe = setInterval(() => void this.#tryRecover(), this.#probeIntervalMs);
    this.#probe.unref();
  }

  async #tryRecover(): Promise<void> {
    try {
      await this.redis.ping();
    } catch {
      return;
    }
    if (!this.#degraded) return;
    clearInterval(this.#probe);
    this.#probe = undefined;
    this.#degraded = false;
    this.memory.clear();
    this.fallbackGauge.set(0);
    this.logger.info('redis is back: shared rate limits resumed');
  }

  close(): void {
    clearInterval(this.#probe);
  }
}

import type { Redis } from 'ioredis';
import { decide, WINDOWS, windowAt, type LimitDecision } from '../domain/limit-windows.ts';
import type { Quotas } from '../domain/principal.ts';
import type { Limiter } from './limiter.ts';

/**
 * Check-then-count for both windows in one script, so concurrent requests from any number of gateway
 * instances can never admit more than the quota: either both counters are incremented or neither.
 * Returns {allowed, hourCount, dayCount}.
 */
const TAKE_SCRIPT = `
local h = tonumber(redis.call('GET', KEYS[1]) or '0')
local d = tonumber(redis.call('GET', KEYS[2]) or '0')
if h >= tonumber(ARGV[1]) or d >= tonumber(ARGV[2]) then
  return {0, h, d}
end
h = redis.call('INCR', KEYS[1])
if h == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
d = redis.call('INCR', KEYS[2])
if d == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
return {1, h, d}
`;

type Take = (
  hourKey: string,
  dayKey: string,
  hl: number,
  dl: number,
  httl: number,
  dttl: number,
) => Promise<[number, number, number]>;

/** Counters expire a minute after their window ends; the window index in the key keeps windows apart. */
const EXPIRY_SLACK_MS = 60_000;

export class RedisLimiter implements Limiter {
  #redis: Redis;
  readonly #prefix: string;

  /** `prefix` namespaces every counter (e.g. `zk:rl:`; tests use a unique one each). */
  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#define(redis);
  }

  #define(redis: Redis): void {
    if (!(redis as unknown as { zkTake?: Take }).zkTake)
      redis.defineCommand('zkTake', { numberOfKeys: 2, lua: TAKE_SCRIPT });
  }

  get client(): Redis {
    return this.#redis;
  }

  /** Switches to another connection (REDIS_URL rotated); returns the old one for the caller to close. */
  replaceClient(redis: Redis): Redis {
    this.#define(redis);
    const old = this.#redis;
    this.#redis = redis;
    return old;
  }

  async take(subject: string, quotas: Quotas, nowMs: number): Promise<LimitDecision> {
    const [hour, day] = WINDOWS.map((w) => ({ w, at: windowAt(nowMs, w.seconds) }));
    // The hash tag keeps both counters of one subject in one slot (Redis Cluster).
    const key = (name: string, index: number) => `${this.#prefix}{${subject}}:${name}:${index}`;
    const take = (this.#redis as unknown as { zkTake: Take }).zkTake.bind(this.#redis);
    const [ok, h, d] = await take(
      key(hour!.w.name, hour!.at.index),
      key(day!.w.name, day!.at.index),
      quotas.hourly,
      quotas.daily,
      hour!.at.ttlMs + EXPIRY_SLACK_MS,
      day!.at.ttlMs + EXPIRY_SLACK_MS,
    );
    return decide(ok === 1, [
      { limit: quotas.hourly, used: Number(h), resetSeconds: hour!.at.resetSeconds },
      { limit: quotas.daily, used: Number(d), resetSeconds: day!.at.resetSeconds },
    ]);
  }

  async ping(): Promise<void> {
    await this.#redis.ping();
  }
}

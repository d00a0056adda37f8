import { Redis } from 'ioredis';
import type { Logger } from '@zakupai/kit';

/**
 * A Redis connection that fails fast instead of queueing: no offline queue, one attempt per command and
 * a short command timeout, so a dead Redis turns into an error the limiter falls back on, not a hang.
 * It keeps reconnecting in the background.
 */
export function createRedis(url: string, logger: Logger, options: { commandTimeoutMs?: number } = {}): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: 1000,
    retryStrategy: (times) => Math.min(100 * times, 1000),
  });
  let lastError = '';
  redis.on('error', (err: Error) => {
    // One line per distinct failure; the reconnect loop would otherwise log many times a second.
    if (err.message !== lastError) logger.warn({ reason: err.message }, 'redis connection error');
    lastError = err.message;
  });
  redis.on('ready', () => {
    lastError = '';
  });
  return redis;
}

import type { Logger, ServiceMetrics, App } from '@zakupai/kit';
import type { Redactor, SecretStore } from '@zakupai/secrets';
import { internalToken } from '@zakupai/billing/client';
import { buildApp } from './app.ts';
import { ApiKeyAuth } from './auth/api-key-auth.ts';
import { JwksKeys } from './auth/jwks-keys.ts';
import { JwtAuth } from './auth/jwt-auth.ts';
import { PlanCatalog } from './auth/plan-catalog.ts';
import { BillingClient } from './billing/billing-client.ts';
import type { GatewayConfig } from './gateway-config.ts';
import { createGatewayMetrics } from './gateway-metrics.ts';
import { FailoverLimiter } from './limits/failover-limiter.ts';
import { MemoryLimiter } from './limits/memory-limiter.ts';
import { createRedis } from './limits/redis-client.ts';
import { RedisLimiter } from './limits/redis-limiter.ts';
import { Upstream } from './proxy/upstream-proxy.ts';
import { UsageMeter } from './usage/usage-meter.ts';

export type GatewaySecretKey = 'REDIS_URL' | 'JWT_PUBLIC_KEYS' | 'API_KEY_PEPPER';

export interface CreateGatewayOptions {
  config: GatewayConfig;
  secrets: SecretStore<GatewaySecretKey>;
  logger: Logger;
  metrics: ServiceMetrics;
  /** The logger's redactor: the derived internal token is registered with it. */
  redactor: Redactor;
  /** How often to ping Redis while limits run in memory. */
  redisProbeMs?: number;
  now?: () => number;
}

export interface Gateway {
  app: App;
  limiter: FailoverLimiter;
  usage: UsageMeter;
  /** Flushes usage, then closes Redis, billing and upstream pools (after the HTTP server has drained). */
  close(): Promise<void>;
}

/**
 * Wires the gateway from its secrets and settings. Secret changes apply without a restart: a new
 * JWT_PUBLIC_KEYS swaps the key set (an invalid one is refused and the old set stays), a new
 * API_KEY_PEPPER drops cached key verdicts, and a new REDIS_URL moves the limiter to a new connection.
 */
export async function createGateway(o: CreateGatewayOptions): Promise<Gateway> {
  const { config, secrets, logger } = o;
  const gatewayMetrics = createGatewayMetrics(o.metrics.registry);
  const jwks = new JwksKeys(secrets.get('JWT_PUBLIC_KEYS'));
  const pepper = () => secrets.get('API_KEY_PEPPER');
  let token = { pepper: '', value: '' };
  const currentToken = () => {
    const p = pepper();
    if (token.pepper !== p) {
      token = { pepper: p, value: internalToken(p) };
      o.redactor.add(token.value);
    }
    return token.value;
  };
  currentToken();

  const billing = new BillingClient(config.billingUrl, { token: currentToken });
  const apiKeys = new ApiKeyAuth({
    billing,
    pepper,
    ttlMs: config.keyCacheTtlMs,
  });
  const jwt = new JwtAuth(
    jwks,
    { issuer: config.jwtIssuer, audience: config.jwtAudience },
    new PlanCatalog(billing),
  );

  const redis = createRedis(secrets.get('REDIS_URL'), logger);
  await redis.connect().catch(() => {
    // Started without Redis: the first request falls back to memory limits and the probe takes over.
  });
  const redisLimiter = new RedisLimiter(redis, config.redisKeyPrefix);
  const limiter = new FailoverLimiter(
    redisLimiter,
    new MemoryLimiter(),
    gatewayMetrics.ratelimitFallback,
    logger,
    {
      ...(o.redisProbeMs ? { probeIntervalMs: o.redisProbeMs } : {}),
    },
  );
  const usage = new UsageMeter({
    billing,
    logger,
    flushIntervalMs: config.usageFlushMs,
    metrics: { flushes: gatewayMetrics.usageFlushes, pending: gatewayMetrics.usagePending },
  });
  const upstreams = {
    calc: new Upstream('calc', config.upstreams.calc),
    risk: new Upstream('risk', config.upstreams.risk),
    etl: new Upstream('etl', config.upstreams.etl),
  };

  const unsubscribe = secrets.onChange(async (changed) => {
    if (changed.includes('JWT_PUBLIC_KEYS')) {
      try {
        jwks.update(secrets.get('JWT_PUBLIC_KEYS'));
        gatewayMetrics.jwksReloads.inc({ result: 'success' });
        logger.info({ kids: jwks.kids }, 'JWKS reloaded');
      } catch (e) {
        gatewayMetrics.jwksReloads.inc({ result: 'failure' });
        logger.error(
          { reason: e instanceof Error ? e.message : 'unknown' },
          'new JWT_PUBLIC_KEYS refused; keeping the current keys',
        );
      }
    }
    if (changed.includes('API_KEY_PEPPER')) {
      apiKeys.clear();
      currentToken();
      logger.info('API_KEY_PEPPER changed: key verdict cache cleared');
    }
    if (changed.includes('REDIS_URL')) {
      const next = createRedis(secrets.get('REDIS_URL'), logger);
      await next.connect().catch(() => {});
      const old = redisLimiter.replaceClient(next);
      old.disconnect();
      logger.info('REDIS_URL changed: limiter moved to the new connection');
    }
  });

  const app = await buildApp({
    logger,
    metrics: o.metrics,
    gatewayMetrics,
    secrets,
    apiKeys,
    jwt,
    jwks,
    billing,
    limiter,
    usage,
    upstreams,
    bodyLimitBytes: config.bodyLimitBytes,
    ...(o.now ? { now: o.now } : {}),
  });

  return {
    app,
    limiter,
    usage,
    async close() {
      unsubscribe();
      limiter.close();
      await usage.close();
      redisLimiter.client.disconnect();
      await Promise.all([billing.close(), ...Object.values(upstreams).map((u) => u.close())]);
    },
  };
}

import { Counter, Gauge, type Registry } from 'prom-client';

export interface GatewayMetrics {
  /** 1 while limits run per instance because Redis is unreachable (alert on it). */
  ratelimitFallback: Gauge;
  auth: Counter<'method' | 'result'>;
  limited: Counter<'upstream'>;
  upstreamErrors: Counter<'upstream' | 'code'>;
  usageFlushes: Counter<'result'>;
  usagePending: Gauge;
  jwksReloads: Counter<'result'>;
}

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const registers = [registry];
  return {
    ratelimitFallback: new Gauge({
      name: 'gateway_ratelimit_fallback',
      help: '1 while Redis is unreachable and rate limits are kept per instance in memory, else 0',
      registers,
    }),
    auth: new Counter({
      name: 'gateway_auth_total',
      help: 'Authentication outcomes by method (api_key, jwt, none) and result',
      labelNames: ['method', 'result'] as const,
      registers,
    }),
    limited: new Counter({
      name: 'gateway_ratelimit_rejections_total',
      help: 'Requests refused with 429 by upstream',
      labelNames: ['upstream'] as const,
      registers,
    }),
    upstreamErrors: new Counter({
      name: 'gateway_upstream_errors_total',
      help: 'Proxy failures by upstream and error code',
      labelNames: ['upstream', 'code'] as const,
      registers,
    }),
    usageFlushes: new Counter({
      name: 'gateway_usage_flushes_total',
      help: 'Usage batches sent to billing by result',
      labelNames: ['result'] as const,
      registers,
    }),
    usagePending: new Gauge({
      name: 'gateway_usage_pending_requests',
      help: 'Metered requests not yet accepted by billing',
      registers,
    }),
    jwksReloads: new Counter({
      name: 'gateway_jwks_reloads_total',
      help: 'JWKS reloads after a secret change by result',
      labelNames: ['result'] as const,
      registers,
    }),
  };
}

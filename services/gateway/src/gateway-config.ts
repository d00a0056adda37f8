import { configError } from '@zakupai/errors';
import { tokenPolicyFromEnv } from '@zakupai/billing/client';

/** The gateway's non-secret settings, from its environment (SPEC.md, Services). */
export interface GatewayConfig {
  upstreams: { calc: string; risk: string; etl: string };
  billingUrl: string;
  jwtIssuer: string;
  jwtAudience: string;
  /** How long an API key verdict is cached; a revocation applies within this. At most 5 s. */
  keyCacheTtlMs: number;
  redisKeyPrefix: string;
  bodyLimitBytes: number;
  usageFlushMs: number;
}

export const MAX_KEY_CACHE_TTL_MS = 5000;

type Env = Readonly<Record<string, string | undefined>>;

function url(env: Env, name: string, fallback: string): string {
  const v = env[name] || fallback;
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    return v;
  } catch {
    throw configError('ZAK_CONFIG_URL', `${name} must be an http(s) URL`);
  }
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw configError('ZAK_CONFIG_NUMBER', `${name} must be an integer from ${min} to ${max}`);
  return n;
}

export function readGatewayConfig(env: Env): GatewayConfig {
  const policy = tokenPolicyFromEnv(env);
  return {
    upstreams: {
      calc: url(env, 'CALC_URL', 'http://127.0.0.1:7001'),
      risk: url(env, 'RISK_URL', 'http://127.0.0.1:7002'),
      etl: url(env, 'ETL_URL', 'http://127.0.0.1:7003'),
    },
    billingUrl: url(env, 'BILLING_URL', 'http://127.0.0.1:7004'),
    jwtIssuer: policy.issuer,
    jwtAudience: policy.audience,
    keyCacheTtlMs: int(env, 'GATEWAY_KEY_CACHE_TTL_MS', 5000, 0, MAX_KEY_CACHE_TTL_MS),
    redisKeyPrefix: env.GATEWAY_REDIS_PREFIX || 'zk:rl:',
    bodyLimitBytes: int(env, 'GATEWAY_BODY_LIMIT_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    usageFlushMs: int(env, 'GATEWAY_USAGE_FLUSH_MS', 5000, 100, 600_000),
  };
}

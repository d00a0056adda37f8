import type { DestinationStream } from 'pino';
import { createRemoteJWKSet } from 'jose';
import { configError } from '@zakupai/errors';
import {
  connectDatabase,
  isEntryPoint,
  runAsProcess,
  startService,
  type RawEnv,
  type RunningService,
} from '@zakupai/kit';
import { serviceSecrets } from '@zakupai/secrets';
import { buildApp } from './app.ts';
import { internalToken } from './client/key-crypto.ts';
import { tokenPolicyFromEnv } from './client/access-token.ts';
import { billingMigrations } from './store/migrations.ts';

/**
 * Where admin tokens' public keys come from. JWT_PUBLIC_KEYS lives in `zakupai/gateway`, which billing's
 * policy may not read, so billing fetches the public half the gateway publishes (`JWKS_URL`, by default
 * `${GATEWAY_URL}/.well-known/jwks.json`), cached and re-fetched on an unknown `kid`.
 */
function jwksUrl(env: RawEnv): URL {
  const raw =
    env.JWKS_URL ||
    `${(env.GATEWAY_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '')}/.well-known/jwks.json`;
  try {
    return new URL(raw);
  } catch {
    throw configError('ZAK_CONFIG_URL', 'JWKS_URL (or GATEWAY_URL) must be an http(s) URL');
  }
}

/** Composition root of billing: the only place that reads the environment, talks to Vault and listens. */
export function start(
  env: RawEnv,
  options: { destination?: DestinationStream } = {},
): Promise<RunningService> {
  return startService({
    declarations: serviceSecrets.billing,
    env,
    defaults: { port: 7004, metricsPort: 9105 },
    ...options,
    build: async ({ logger, metrics, secrets, redactor }) => {
      const pepper = () => secrets.get('API_KEY_PEPPER');
      redactor.add(internalToken(pepper()));
      secrets.onChange((changed) => {
        if (!changed.includes('API_KEY_PEPPER')) return;
        redactor.add(internalToken(pepper()));
        logger.warn('API_KEY_PEPPER changed: keys issued under the old pepper no longer verify');
      });
      const db = await connectDatabase(secrets, logger, billingMigrations);
      const keys = createRemoteJWKSet(jwksUrl(env), {
        timeoutDuration: 2000,
        cooldownDuration: 5000,
        cacheMaxAge: 60_000,
      });
      const app = await buildApp({
        logger,
        metrics,
        secrets,
        db,
        pepper,
        adminAuth: { keys: () => keys, ...tokenPolicyFromEnv(env) },
      });
      return { app, closers: [() => db.close()] };
    },
  });
}

if (isEntryPoint(import.meta.url)) runAsProcess('billing', start);

import type { Db } from '@zakupai/db';
import { buildService, type App, type Logger, type ServiceMetrics } from '@zakupai/kit';
import type { SecretStore } from '@zakupai/secrets';
import { createBillingMetrics } from './billing-metrics.ts';
import { SqlBillingStore } from './store/billing-store.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { internalRoutes } from './routes/internal-routes.ts';
import type { AdminAuth } from './routes/admin-guard.ts';

export interface BillingDeps {
  logger: Logger;
  metrics: ServiceMetrics;
  db: Db;
  secrets?: SecretStore;
  /** The current API_KEY_PEPPER; read per use, so a refreshed value applies without a restart. */
  pepper: () => string;
  adminAuth: AdminAuth;
  now?: () => Date;
  /** Requests per minute per client before 429. Off by default: billing is internal and the gateway is its main client. */
  rateLimitPerMinute?: number | false;
}

export const BILLING_VERSION = '0.1.0';

/** The billing HTTP app (plans, API keys, usage). Never listens; `main.ts` does, and tests use `inject()`. */
export async function buildApp(deps: BillingDeps): Promise<App> {
  const limit = deps.rateLimitPerMinute ?? false;
  const app = await buildService({
    name: 'billing',
    version: BILLING_VERSION,
    description: 'API keys (peppered hashes only), plans and usage',
    logger: deps.logger,
    metrics: deps.metrics,
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
    checks: { database: () => deps.db.ping() },
    rateLimit: limit === false ? false : { max: limit, windowMs: 60_000 },
  });
  const metrics = createBillingMetrics(deps.metrics.registry);
  const keyDeps = {
    store: new SqlBillingStore(deps.db),
    pepper: deps.pepper,
    ...(deps.now ? { now: deps.now } : {}),
  };
  adminRoutes(app, { ...keyDeps, auth: deps.adminAuth, metrics });
  internalRoutes(app, { ...keyDeps, metrics });
  return app;
}

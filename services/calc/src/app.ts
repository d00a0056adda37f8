import type { Db } from '@zakupai/db';
import { buildService, type App, type Logger, type ServiceMetrics } from '@zakupai/kit';
import type { SecretStore } from '@zakupai/secrets';
import { DbCalcRepository } from './adapters/db/db-calc-repository.ts';
import { registerCalcRoutes } from './adapters/http/calc-routes.ts';

export interface CalcDeps {
  logger: Logger;
  metrics: ServiceMetrics;
  db: Db;
  secrets?: SecretStore;
  /** Requests per minute per client before 429; `false` turns limiting off (benchmarks). */
  rateLimitPerMinute?: number | false;
}

export const CALC_VERSION = '0.1.0';

/** The calc HTTP app. Never listens; `main.ts` does, and tests use `inject()`. */
export async function buildApp(deps: CalcDeps): Promise<App> {
  const limit = deps.rateLimitPerMinute ?? 600;
  const app = await buildService({
    name: 'calc',
    version: CALC_VERSION,
    description: 'Bid economics: VAT by date, margin and securities, penalties, anti-dumping',
    logger: deps.logger,
    metrics: deps.metrics,
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
    checks: { database: () => deps.db.ping() },
    rateLimit: limit === false ? false : { max: limit, windowMs: 60_000 },
  });
  registerCalcRoutes(app, { repo: new DbCalcRepository(deps.db), registry: deps.metrics.registry });
  return app;
}

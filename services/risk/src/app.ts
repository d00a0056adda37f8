import type { Db } from '@zakupai/db';
import { buildService, type App, type Logger, type ServiceMetrics } from '@zakupai/kit';
import type { SecretStore } from '@zakupai/secrets';
import { DbRiskRepository } from './adapters/db/db-risk-repository.ts';
import { registerRiskRoutes } from './adapters/http/risk-routes.ts';
import { riskMetrics } from './adapters/metrics/risk-metrics.ts';
import type { RuleFiles } from './config/rule-files.ts';

export interface RiskDeps {
  logger: Logger;
  metrics: ServiceMetrics;
  db: Db;
  /** The validated rules and holiday calendar (`loadRuleFiles`). */
  rules: RuleFiles;
  secrets?: SecretStore;
  /** The rolling window of `anti_dumping_ratio` in seconds; default 24h (`ANTI_DUMPING_WINDOW`). */
  antiDumpingWindowSeconds?: number;
  /** Requests per minute per client before 429; `false` turns limiting off (benchmarks). */
  rateLimitPerMinute?: number | false;
  /** The clock; default the system clock. */
  now?: () => Date;
}

export const RISK_VERSION = '0.1.0';
export const DEFAULT_ANTI_DUMPING_WINDOW_SECONDS = 24 * 3600;
/** A full batch of 1,000 lots with market samples fits; more is refused with 413. */
const BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** The risk HTTP app. Never listens; `main.ts` does, and tests use `inject()`. */
export async function buildApp(deps: RiskDeps): Promise<App> {
  const limit = deps.rateLimitPerMinute ?? 600;
  const app = await buildService({
    name: 'risk',
    version: RISK_VERSION,
    description: 'Lot risk scores with explained flags, RNU lookups, the anti-dumping ratio',
    logger: deps.logger,
    metrics: deps.metrics,
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
    checks: { database: () => deps.db.ping() },
    bodyLimitBytes: BODY_LIMIT_BYTES,
    rateLimit: limit === false ? false : { max: limit, windowMs: 60_000 },
  });
  const repo = new DbRiskRepository(deps.db);
  const metrics = riskMetrics({
    registry: deps.metrics.registry,
    windowSeconds: deps.antiDumpingWindowSeconds ?? DEFAULT_ANTI_DUMPING_WINDOW_SECONDS,
    countWindow: (s) => repo.antiDumpingWindow(s),
    onCollectError: (err) => deps.logger.warn({ err }, 'anti_dumping_ratio: reading the window failed'),
  });
  registerRiskRoutes(app, { repo, rules: deps.rules, metrics, now: deps.now ?? (() => new Date()) });
  return app;
}

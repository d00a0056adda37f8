import type { Db } from '@zakupai/db';
import { buildService, type App, type Logger, type ServiceMetrics } from '@zakupai/kit';
import type { SecretStore } from '@zakupai/secrets';
import { DbRiskRepository } from './adapters/db/db-risk-repository.ts';
import { DbStoredLotSource } from './adapters/db/db-stored-lot-source.ts';
import { registerRiskRoutes } from './adapters/http/risk-routes.ts';
import { riskMetrics } from './adapters/metrics/risk-metrics.ts';
import {
  rescoreStored,
  type RescoreOptions,
  type RescoreResult,
  type StoredScoreDeps,
} from './app/score-stored.ts';
import { scoreStoredWhenSettled } from './app/score-stored-when-settled.ts';
import type { RuleFiles } from './config/rule-files.ts';

/** `RISK_SCORE_STORED`: `if-unscored` scores the mirror's unscored lots in the background after start. */
export const SCORE_STORED_MODES = ['off', 'if-unscored'] as const;
export type ScoreStoredMode = (typeof SCORE_STORED_MODES)[number];

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
  /** Default `off`. With `if-unscored`, once ready the app waits for a settled mirror and scores it. */
  scoreStored?: ScoreStoredMode;
  /** The background job's look interval and patience (defaults 1 s and 10 min). */
  scoreStoredPollMs?: number;
  scoreStoredWaitMs?: number;
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
  const now = deps.now ?? (() => new Date());
  const source = new DbStoredLotSource(deps.db);
  const scoring: StoredScoreDeps = {
    repo,
    source,
    rules: deps.rules,
    now,
    onAssessed: (a) => metrics.onAssessed(a),
  };
  // One rescore at a time in this process, so a second one (HTTP or background) meets the first one's results.
  let running: Promise<unknown> = Promise.resolve();
  const rescore = (options: RescoreOptions, requestId: string | null): Promise<RescoreResult> => {
    const run = running.then(() => rescoreStored(scoring, options, requestId));
    running = run.catch(() => {});
    return run;
  };
  registerRiskRoutes(app, { repo, source, rules: deps.rules, metrics, now, rescore });
  if (deps.scoreStored === 'if-unscored') runInBackground(app, deps, source, rescore);
  return app;
}

/** Starts the stored-lot scoring when the app is ready; closing the app stops it between pages. */
function runInBackground(
  app: App,
  deps: RiskDeps,
  source: DbStoredLotSource,
  rescore: (options: RescoreOptions, requestId: string | null) => Promise<RescoreResult>,
): void {
  const controller = new AbortController();
  let job: Promise<void> | undefined;
  app.addHook('onReady', async () => {
    job = scoreStoredWhenSettled({
      stamp: () => source.stamp(),
      rescore: (o) => rescore(o, null),
      pollMs: deps.scoreStoredPollMs ?? 1000,
      waitMs: deps.scoreStoredWaitMs ?? 600_000,
      signal: controller.signal,
    }).then(
      (r) => {
        if (r === null)
          deps.logger.warn('RISK_SCORE_STORED: the goszakup mirror did not settle; nothing scored');
        else deps.logger.info({ storedScoring: r }, 'RISK_SCORE_STORED: stored lots scored');
      },
      (err) => {
        if (!controller.signal.aborted)
          deps.logger.error({ err }, 'RISK_SCORE_STORED: scoring stored lots failed');
      },
    );
  });
  app.addHook('onClose', async () => {
    controller.abort();
    await job;
  });
}

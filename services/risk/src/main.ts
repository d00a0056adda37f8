import type { DestinationStream } from 'pino';
import {
  connectDatabase,
  isEntryPoint,
  runAsProcess,
  startService,
  type RawEnv,
  type RunningService,
} from '@zakupai/kit';
import { serviceSecrets } from '@zakupai/secrets';
import { configError } from '@zakupai/errors';
import {
  buildApp,
  DEFAULT_ANTI_DUMPING_WINDOW_SECONDS,
  SCORE_STORED_MODES,
  type ScoreStoredMode,
} from './app.ts';
import { RISK_SERVICE_MIGRATIONS } from './adapters/db/risk-migrations.ts';
import { parseDurationSeconds } from './config/duration.ts';
import { loadRuleFiles } from './config/rule-files.ts';

/**
 * Composition root of risk: the only place that reads the environment, talks to Vault and listens.
 * The rules and holiday files are validated before anything else starts, so a bad file stops the start with
 * its line named. Environment: ANTI_DUMPING_WINDOW (default 24h), RISK_RULES_FILE, RISK_HOLIDAYS_FILE, and
 * RISK_SCORE_STORED (`off`, default, or `if-unscored`: once started, score the goszakup mirror's lots that have
 * no evaluation newer than their last change, in the background; dev mode sets it).
 */
export async function start(
  env: RawEnv,
  options: { destination?: DestinationStream } = {},
): Promise<RunningService> {
  const rules = await loadRuleFiles({
    ...(env.RISK_RULES_FILE ? { rulesFile: env.RISK_RULES_FILE } : {}),
    ...(env.RISK_HOLIDAYS_FILE ? { holidaysFile: env.RISK_HOLIDAYS_FILE } : {}),
  });
  const antiDumpingWindowSeconds = env.ANTI_DUMPING_WINDOW
    ? parseDurationSeconds(env.ANTI_DUMPING_WINDOW, 'ANTI_DUMPING_WINDOW')
    : DEFAULT_ANTI_DUMPING_WINDOW_SECONDS;
  const scoreStored = scoreStoredMode(env.RISK_SCORE_STORED);
  return startService({
    declarations: serviceSecrets.risk,
    env,
    defaults: { port: 7002, metricsPort: 9102 },
    ...options,
    build: async ({ logger, metrics, secrets }) => {
      const db = await connectDatabase(secrets, logger, RISK_SERVICE_MIGRATIONS);
      logger.info({ rulesVersion: rules.rules.version, antiDumpingWindowSeconds }, 'risk rules loaded');
      const app = await buildApp({
        logger,
        metrics,
        secrets,
        db,
        rules,
        antiDumpingWindowSeconds,
        scoreStored,
      });
      return { app, closers: [() => db.close()] };
    },
  });
}

function scoreStoredMode(value: string | undefined): ScoreStoredMode {
  if (value === undefined || value === '') return 'off';
  if ((SCORE_STORED_MODES as readonly string[]).includes(value)) return value as ScoreStoredMode;
  throw configError(
    'ZAK_CONFIG_SCORE_STORED',
    `RISK_SCORE_STORED must be one of ${SCORE_STORED_MODES.join(', ')}`,
  );
}

if (isEntryPoint(import.meta.url)) runAsProcess('risk', start);

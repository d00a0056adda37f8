import { serviceSecrets } from '@zakupai/secrets';
import { connectDatabase, isEntryPoint, runAsProcess, startService, type RawEnv } from '@zakupai/kit';
import { etlMigrations } from './adapters/migrations.ts';
import { buildApp } from './app.ts';
import { parseSchedule, startSchedule } from './app/schedule.ts';
import { importSampleIfWanted } from './app/import-sample.ts';
import { etlMetrics } from './app/etl-metrics.ts';
import { PgSyncStore } from './adapters/pg-store.ts';
import { SAMPLE_FILE, jsonlLines } from './adapters/jsonl-file.ts';

/**
 * The etl service: secrets `zakupai/etl` (DATABASE_URL, GOSZAKUP_TOKEN), migrations on start, the HTTP API, and a
 * sync every `ETL_SCHEDULE` (default 15m; `off` disables it). Non-secret settings: GOSZAKUP_API_URL, GOSZAKUP_CACERT,
 * GOSZAKUP_RATE (requests per second, default 5), ETL_IMPORT_SAMPLE (`if-empty` | `always`: load the bundled sample).
 */
export function start(env: RawEnv) {
  const periodMs = parseSchedule(env.ETL_SCHEDULE);
  return startService({
    declarations: serviceSecrets.etl,
    env,
    defaults: { port: 7003, metricsPort: 9103 },
    async build({ logger, metrics, secrets }) {
      const db = await connectDatabase(secrets, logger, etlMigrations);
      const rate = env.GOSZAKUP_RATE ? Number(env.GOSZAKUP_RATE) : undefined;
      const { app, runner, client } = await buildApp({
        logger,
        metrics,
        db,
        secrets,
        token: () => secrets.get('GOSZAKUP_TOKEN'),
        refreshToken: () => secrets.refresh(),
        apiUrl: env.GOSZAKUP_API_URL || 'https://ows.goszakup.gov.kz',
        ...(env.GOSZAKUP_CACERT ? { caFile: env.GOSZAKUP_CACERT } : {}),
        ...(rate !== undefined && Number.isFinite(rate) ? { ratePerSecond: rate } : {}),
      });
      const sample = await importSampleIfWanted(
        env.ETL_IMPORT_SAMPLE,
        db,
        { store: new PgSyncStore(db), metrics: etlMetrics(metrics.registry) },
        () => jsonlLines(SAMPLE_FILE, 'ETL_IMPORT_SAMPLE'),
      );
      if (sample) logger.info({ sample: sample.byEntity }, 'bundled synthetic sample imported');
      const stopSchedule = periodMs
        ? startSchedule(
            periodMs,
            async () => {
              await runner.syncRefs();
              const results = await runner.sync();
              logger.info(
                {
                  etl: results.map((r) => ({
                    entity: r.entity,
                    status: r.status,
                    upserted: r.upserted,
                    error: r.error,
                  })),
                },
                'scheduled sync',
              );
            },
            (e) => logger.error({ err: e }, 'scheduled sync failed'),
          )
        : async () => {};
      return {
        app,
        closers: [
          async () => {
            runner.stop();
            await stopSchedule();
          },
          () => client.close(),
          () => db.close(),
        ],
      };
    },
  });
}

if (isEntryPoint(import.meta.url)) runAsProcess('etl', start);

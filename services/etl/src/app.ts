import { Registry } from 'prom-client';
import type { Db } from '@zakupai/db';
import { OwsClient, loadRef } from '@zakupai/goszakup';
import { buildService, type App, type Logger, type ServiceMetrics } from '@zakupai/kit';
import type { SecretStore } from '@zakupai/secrets';
import { registerEtlRoutes } from './adapters/http/etl-routes.ts';
import { owsSource } from './adapters/ows-source.ts';
import { PgSyncStore } from './adapters/pg-store.ts';
import { ErrorTally } from './app/error-tally.ts';
import { etlMetrics } from './app/etl-metrics.ts';
import { EtlRunner } from './app/etl-runner.ts';

export interface EtlDeps {
  logger: Logger;
  metrics: ServiceMetrics;
  db: Db;
  /** The Goszakup token's source: read on every request, re-read on a 401. */
  token: () => string;
  refreshToken?: () => Promise<void>;
  secrets?: SecretStore;
  /** `GOSZAKUP_API_URL`. */
  apiUrl: string;
  /** `GOSZAKUP_CACERT`. */
  caFile?: string;
  /** Client-side cap on requests per second to the portal. */
  ratePerSecond?: number;
}

export const ETL_VERSION = '0.1.0';

/** The etl HTTP app and its runner. Never listens; `main.ts` does, and tests use `inject()`. */
export async function buildApp(deps: EtlDeps): Promise<{ app: App; runner: EtlRunner; client: OwsClient }> {
  const registry: Registry = deps.metrics.registry;
  const errors = new ErrorTally();
  const client = new OwsClient({
    baseUrl: deps.apiUrl,
    token: deps.token,
    ...(deps.refreshToken ? { refresh: deps.refreshToken } : {}),
    registry,
    ...(deps.caFile ? { caFile: deps.caFile } : {}),
    ...(deps.ratePerSecond !== undefined ? { ratePerSecond: deps.ratePerSecond } : {}),
    onError: (type, entity) => errors.record(type, entity),
  });
  const store = new PgSyncStore(deps.db);
  const runner = new EtlRunner(
    { store, source: owsSource(client), metrics: etlMetrics(registry), errors },
    {
      load: (name, signal) => loadRef(client, name, signal),
      save: (name, items) => store.saveRefs(name, items),
    },
  );
  const app = await buildService({
    name: 'etl',
    version: ETL_VERSION,
    description: 'Incremental sync from the Goszakup OWS v3 API into PostgreSQL, and import from dump files',
    logger: deps.logger,
    metrics: deps.metrics,
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
    checks: { database: () => deps.db.ping() },
    rateLimit: { max: 60, windowMs: 60_000 },
  });
  registerEtlRoutes(app, runner, deps.logger);
  return { app, runner, client };
}

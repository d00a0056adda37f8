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
import { buildApp } from './app.ts';
import { calcMigrations } from './adapters/db/migrations.ts';

/** Composition root of calc: the only place that reads the environment, talks to Vault and listens. */
export function start(
  env: RawEnv,
  options: { destination?: DestinationStream } = {},
): Promise<RunningService> {
  return startService({
    declarations: serviceSecrets.calc,
    env,
    defaults: { port: 7001, metricsPort: 9101 },
    ...options,
    build: async ({ logger, metrics, secrets }) => {
      const db = await connectDatabase(secrets, logger, calcMigrations);
      const app = await buildApp({ logger, metrics, secrets, db });
      return { app, closers: [() => db.close()] };
    },
  });
}

if (isEntryPoint(import.meta.url)) runAsProcess('calc', start);

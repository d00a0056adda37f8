import type { DestinationStream } from 'pino';
import {
  Redactor,
  createSecretSource,
  loadSecrets,
  secretTimingFromEnv,
  type SecretDeclarations,
  type SecretStore,
} from '@zakupai/secrets';
import type { App } from './build-service.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics, type ServiceMetrics } from './metrics.ts';
import { runService, type RunningService } from './run-service.ts';
import { readServiceEnv, type ServiceEnv } from './service-env.ts';

export type RawEnv = Readonly<Record<string, string | undefined>>;

/** What a service's `build` step receives: everything shared, nothing read from globals. */
export interface ServiceContext<K extends string> {
  name: string;
  env: ServiceEnv;
  rawEnv: RawEnv;
  logger: Logger;
  metrics: ServiceMetrics;
  redactor: Redactor;
  secrets: SecretStore<K>;
}

export interface StartServiceOptions<K extends string> {
  declarations: SecretDeclarations<K>;
  env: RawEnv;
  defaults: { port: number; metricsPort: number };
  /** Log destination (tests capture it); stdout by default. */
  destination?: DestinationStream;
  build(ctx: ServiceContext<K>): Promise<{ app: App; closers?: Array<() => Promise<void>> }>;
}

/**
 * The start sequence every service shares: listener settings, logger with a redactor, metrics, secrets
 * (Vault or file; fail fast, never fall back), the service's own build step, then listen.
 * The Vault token is revoked last on stop, after the service's own closers (pools) have run.
 */
export async function startService<K extends string>(
  options: StartServiceOptions<K>,
): Promise<RunningService> {
  const name = options.declarations.service;
  const env = readServiceEnv(options.env, options.defaults);
  const redactor = new Redactor();
  const logger = createLogger({
    service: name,
    level: env.logLevel,
    redactor,
    ...(options.destination ? { destination: options.destination } : {}),
  });
  const metrics = createMetrics(name);
  const timing = secretTimingFromEnv(options.env);
  const source = createSecretSource(options.env, name, {
    onVaultEvent: (e) => logger.info({ vault: e }, 'vault token event'),
  });
  const secrets = await loadSecrets({
    declarations: options.declarations,
    source,
    redactor,
    registry: metrics.registry,
    ...timing,
    onEvent: (e) =>
      e.type === 'refresh-failed' || e.type === 'listener-failed'
        ? logger.warn({ secrets: e }, 'secrets')
        : logger.info({ secrets: e }, 'secrets'),
  });
  try {
    const { app, closers = [] } = await options.build({
      name,
      env,
      rawEnv: options.env,
      logger,
      metrics,
      redactor,
      secrets,
    });
    return await runService({
      name,
      app,
      env,
      logger,
      metrics,
      closers: [...closers, () => secrets.close()],
    });
  } catch (e) {
    await secrets.close().catch(() => {});
    throw e;
  }
}

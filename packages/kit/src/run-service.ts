import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from './build-service.ts';
import type { Logger } from './logger.ts';
import type { ServiceMetrics } from './metrics.ts';
import { startMetricsServer } from './metrics-server.ts';
import type { ServiceEnv } from './service-env.ts';
import { stopAccepting } from './stop-accepting.ts';

/** How long connections accepted just before a stop may take to send their request (see `stopAccepting`). */
export const ACCEPT_GRACE_MS = 250;

export interface RunningService {
  name: string;
  url: string;
  metricsUrl: string;
  /**
   * Stops accepting, lets connections accepted just before send their request, drains in-flight requests, then
   * runs the closers in order (pools, Vault token).
   */
  stop(): Promise<void>;
}

export interface RunOptions {
  name: string;
  app: App;
  env: ServiceEnv;
  logger: Logger;
  metrics: ServiceMetrics;
  /** Run after the HTTP server has drained, in order; each failure is logged and the rest still run. */
  closers?: Array<() => Promise<void>>;
}

/** Listens on the public and metrics ports. Signal handling belongs to the caller (see `handleSignals`). */
export async function runService(options: RunOptions): Promise<RunningService> {
  const { app, env, logger } = options;
  await app.listen({ host: env.host, port: env.port });
  let metricsServer: Server;
  try {
    metricsServer = await startMetricsServer(options.metrics.registry, env.host, env.metricsPort);
  } catch (e) {
    await app.close();
    throw e;
  }
  const port = (app.server.address() as AddressInfo).port;
  const metricsPort = (metricsServer.address() as AddressInfo).port;
  logger.info({ port, metricsPort }, `${options.name} listening`);
  let stopping: Promise<void> | undefined;
  return {
    name: options.name,
    url: `http://${env.host}:${port}`,
    metricsUrl: `http://${env.host}:${metricsPort}/metrics`,
    stop() {
      stopping ??= (async () => {
        logger.info(`${options.name} stopping`);
        await stopAccepting(app.server, ACCEPT_GRACE_MS);
        await app.close();
        for (const close of options.closers ?? []) {
          try {
            await close();
          } catch (err) {
            logger.error({ err }, 'close step failed');
          }
        }
        await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
        metricsServer.closeAllConnections();
        logger.info(`${options.name} stopped`);
        logger.flush();
      })();
      return stopping;
    },
  };
}

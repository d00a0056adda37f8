import type { DestinationStream } from 'pino';
import { isEntryPoint, runAsProcess, startService, type RawEnv, type RunningService } from '@zakupai/kit';
import { serviceSecrets } from '@zakupai/secrets';
import { createGateway } from './create-gateway.ts';
import { readGatewayConfig } from './gateway-config.ts';

/** Composition root of the gateway: the only place that reads the environment, talks to Vault and listens. */
export function start(
  env: RawEnv,
  options: { destination?: DestinationStream } = {},
): Promise<RunningService> {
  return startService({
    declarations: serviceSecrets.gateway,
    env,
    defaults: { port: 8080, metricsPort: 9104 },
    ...options,
    build: async ({ logger, metrics, secrets, redactor }) => {
      const gateway = await createGateway({
        config: readGatewayConfig(env),
        secrets,
        logger,
        metrics,
        redactor,
      });
      return { app: gateway.app, closers: [() => gateway.close()] };
    },
  });
}

if (isEntryPoint(import.meta.url)) runAsProcess('gateway', start);

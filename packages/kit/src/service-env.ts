import { ZakError } from '@zakupai/errors';

export interface ServiceEnv {
  host: string;
  port: number;
  metricsPort: number;
  logLevel: string;
}

function portOf(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ZakError('ZAK_CONFIG_PORT', 'config', `${name} must be a port number (0-65535)`);
  }
  return n;
}

/** The non-secret listener settings every service takes from its environment (SPEC.md, Services). */
export function readServiceEnv(
  env: Readonly<Record<string, string | undefined>>,
  defaults: { port: number; metricsPort: number },
): ServiceEnv {
  return {
    host: env.HOST || '127.0.0.1',
    port: portOf(env, 'PORT', defaults.port),
    metricsPort: portOf(env, 'METRICS_PORT', defaults.metricsPort),
    logLevel: env.LOG_LEVEL || 'info',
  };
}

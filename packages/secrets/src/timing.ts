import { parseDurationMs, type Env } from '@zakupai/vault';

/** VAULT_STARTUP_TIMEOUT (default 60s) and VAULT_REFRESH_INTERVAL (default 5m); `60`, `60s`, `500ms`, `5m`. */
export function secretTimingFromEnv(env: Env): { startupTimeoutMs: number; refreshIntervalMs: number } {
  return {
    startupTimeoutMs: parseDurationMs('VAULT_STARTUP_TIMEOUT', env.VAULT_STARTUP_TIMEOUT, 60_000),
    refreshIntervalMs: parseDurationMs('VAULT_REFRESH_INTERVAL', env.VAULT_REFRESH_INTERVAL, 300_000),
  };
}

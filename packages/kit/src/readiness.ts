import type { SecretStore } from '@zakupai/secrets';

/** A dependency check for `/ready`: resolves when the dependency answers, throws when it does not. */
export type ReadinessCheck = () => Promise<void>;

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  checks: Record<string, 'ok' | 'stale' | 'error' | 'timeout'>;
}

const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: ReadinessCheck): Promise<'ok' | 'error' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().then(() => 'ok' as const), timeout]);
  } catch {
    return 'error';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ready means: secrets are loaded and every dependency answers. Stale secrets (Vault down or sealed,
 * last good values in use) are reported as `stale` but do not make the service unready: it can still
 * serve, and pulling every replica out of rotation during a Vault outage would turn it into an outage.
 * The body names checks and states only, never a value or an error text.
 */
export async function readiness(
  secrets: SecretStore | undefined,
  checks: Record<string, ReadinessCheck>,
): Promise<ReadinessReport> {
  const out: ReadinessReport['checks'] = {};
  if (secrets) out.secrets = secrets.status().state === 'fresh' ? 'ok' : 'stale';
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((n) => runCheck(checks[n]!)));
  names.forEach((n, i) => (out[n] = results[i]!));
  const ready = Object.values(out).every((s) => s === 'ok' || s === 'stale');
  return { status: ready ? 'ready' : 'not_ready', checks: out };
}

import { readFileSync } from 'node:fs';
import { VaultCode, VaultError } from './errors.ts';
import type { VaultAuth, VaultClientOptions } from './client.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The bootstrap environment (SPEC.md § Secrets). These variables hold addresses, ids and *paths*; a secret given
 * directly (VAULT_TOKEN, VAULT_SECRET_ID) is accepted but the `_FILE` form is preferred.
 *
 * - `VAULT_ADDR` (required here), `VAULT_NAMESPACE`, `VAULT_CACERT` (path to a PEM CA bundle)
 * - `VAULT_KV_MOUNT` (default `zakupai`)
 * - `VAULT_TOKEN` | `VAULT_TOKEN_FILE`, or
 *   `VAULT_ROLE_ID` | `VAULT_ROLE_ID_FILE` with one of `VAULT_SECRET_ID` | `VAULT_SECRET_ID_FILE` |
 *   `VAULT_SECRET_ID_WRAPPED` | `VAULT_SECRET_ID_WRAPPED_FILE` (a response-wrapping token around a secret_id)
 * - `VAULT_APPROLE_MOUNT` (default `approle`)
 * - `VAULT_TIMEOUT` (per request; `5s`, `500ms` or seconds; default 5s)
 */
export interface VaultEnvConfig {
  options: VaultClientOptions;
  kvMount: string;
  /** Which credential variables were used (names only), for messages. */
  authFrom: string | undefined;
}

/** Reads one value from `NAME` or `NAME_FILE`; both set is an error, and so is an empty file. */
export function readEnvOrFile(env: Env, name: string): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct && file) {
    throw new VaultError(VaultCode.config, 'config', `set either ${name} or ${name}_FILE, not both`);
  }
  if (direct) return direct.trim();
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'unreadable';
    throw new VaultError(VaultCode.config, 'config', `${name}_FILE ${file} cannot be read (${code})`);
  }
  const value = text.trim();
  if (!value) throw new VaultError(VaultCode.config, 'config', `${name}_FILE ${file} is empty`);
  return value;
}

/** Parses `60`, `60s`, `500ms`, `5m`, `1h` to milliseconds; bare numbers are seconds. */
export function parseDurationMs(name: string, raw: string | undefined, fallbackMs: number): number {
  if (raw === undefined || raw.trim() === '') return fallbackMs;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw.trim());
  if (!m)
    throw new VaultError(VaultCode.config, 'config', `${name} must be a duration such as 60s, 500ms or 5m`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit]!);
}

export function vaultAuthFromEnv(env: Env): { auth: VaultAuth | undefined; authFrom: string | undefined } {
  const token = readEnvOrFile(env, 'VAULT_TOKEN');
  const roleId = readEnvOrFile(env, 'VAULT_ROLE_ID');
  if (token && roleId) {
    throw new VaultError(
      VaultCode.config,
      'config',
      'set either VAULT_TOKEN(_FILE) or VAULT_ROLE_ID(_FILE), not both',
    );
  }
  if (token)
    return { auth: { kind: 'token', token }, authFrom: env.VAULT_TOKEN ? 'VAULT_TOKEN' : 'VAULT_TOKEN_FILE' };
  const secretId = readEnvOrFile(env, 'VAULT_SECRET_ID');
  const wrapped = readEnvOrFile(env, 'VAULT_SECRET_ID_WRAPPED');
  if (!roleId) {
    if (secretId || wrapped)
      throw new VaultError(
        VaultCode.config,
        'config',
        'VAULT_SECRET_ID is set but VAULT_ROLE_ID(_FILE) is not',
      );
    return { auth: undefined, authFrom: undefined };
  }
  if (secretId && wrapped) {
    throw new VaultError(
      VaultCode.config,
      'config',
      'set either VAULT_SECRET_ID(_FILE) or VAULT_SECRET_ID_WRAPPED(_FILE), not both',
    );
  }
  return {
    auth: {
      kind: 'approle',
      roleId,
      secretId,
      wrappedSecretId: wrapped,
      mount: env.VAULT_APPROLE_MOUNT || 'approle',
    },
    authFrom: 'VAULT_ROLE_ID',
  };
}

/** Builds client options from the environment. Throws a config error naming the variable at fault. */
export function vaultConfigFromEnv(env: Env): VaultEnvConfig {
  const addr = env.VAULT_ADDR?.trim();
  if (!addr) throw new VaultError(VaultCode.config, 'config', 'VAULT_ADDR is not set');
  let caCert: string | undefined;
  if (env.VAULT_CACERT) {
    try {
      caCert = readFileSync(env.VAULT_CACERT, 'utf8');
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'unreadable';
      throw new VaultError(
        VaultCode.config,
        'config',
        `VAULT_CACERT ${env.VAULT_CACERT} cannot be read (${code})`,
      );
    }
  }
  const { auth, authFrom } = vaultAuthFromEnv(env);
  const kvMount = (env.VAULT_KV_MOUNT || 'zakupai').replace(/^\/+|\/+$/g, '');
  return {
    options: {
      addr,
      namespace: env.VAULT_NAMESPACE || undefined,
      caCert,
      auth,
      timeoutMs: parseDurationMs('VAULT_TIMEOUT', env.VAULT_TIMEOUT, 5000),
    },
    kvMount,
    authFrom,
  };
}

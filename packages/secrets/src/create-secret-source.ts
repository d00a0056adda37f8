import { ZakError } from '@zakupai/errors';
import { VaultClient, vaultConfigFromEnv, type Env, type VaultEvent } from '@zakupai/vault';
import { FileSecretSource } from './file-secret-source.ts';
import type { SecretSource } from './secret-source.ts';
import { VaultSecretSource } from './vault-secret-source.ts';

export interface CreateSecretSourceOptions {
  /** Token lifecycle notifications (login, renew, failures), for the service's log. Secret-free. */
  onVaultEvent?: (e: VaultEvent) => void;
}

/**
 * Chooses the secret source from the bootstrap environment (never from secret values in it):
 * Vault when `VAULT_ADDR` is set (see `vaultConfigFromEnv` for the credential variables), otherwise the
 * JSON file named by `ZAKUPAI_SECRETS_FILE`. Neither set is a config error; dev mode is `zakupai start`'s decision.
 */
export function createSecretSource(
  env: Env,
  service: string,
  opts: CreateSecretSourceOptions = {},
): SecretSource {
  if (env.VAULT_ADDR) {
    const cfg = vaultConfigFromEnv(env);
    if (!cfg.options.auth) {
      throw new ZakError(
        'ZAK_SECRETS_NO_CREDENTIALS',
        'config',
        `${service}: VAULT_ADDR is set but no credentials: set VAULT_ROLE_ID(_FILE) with VAULT_SECRET_ID(_FILE) ` +
          `or VAULT_SECRET_ID_WRAPPED(_FILE), or VAULT_TOKEN(_FILE)`,
      );
    }
    const client = new VaultClient({ ...cfg.options, onEvent: opts.onVaultEvent });
    return new VaultSecretSource(client, cfg.kvMount);
  }
  if (env.ZAKUPAI_SECRETS_FILE) return new FileSecretSource(env.ZAKUPAI_SECRETS_FILE);
  throw new ZakError(
    'ZAK_SECRETS_NO_SOURCE',
    'config',
    `${service}: no secret source: set VAULT_ADDR (with AppRole or token credentials) or ZAKUPAI_SECRETS_FILE`,
  );
}

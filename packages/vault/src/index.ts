export { VaultClient, type VaultAuth, type VaultClientOptions, type VaultEvent } from './client.ts';
export {
  KvV2,
  classifyKvNotFound,
  kvNotFoundError,
  type KvNotFoundShape,
  type AuthedRequest,
} from './kv-v2.ts';
export { VaultSys, parseHealth } from './sys.ts';
export { AppRoleAdmin } from './approle.ts';
export {
  VaultHttp,
  encodePath,
  type VaultHttpOptions,
  type VaultRequest,
  type VaultResponse,
  type FetchLike,
} from './http.ts';
export { VaultError, VaultCode, isVaultError, isTransientVaultError, errorFromStatus } from './errors.ts';
export {
  vaultConfigFromEnv,
  vaultAuthFromEnv,
  readEnvOrFile,
  parseDurationMs,
  type Env,
  type VaultEnvConfig,
} from './env.ts';
export { fullJitter, sleep } from './backoff.ts';
export type * from './types.ts';
export {
  bootstrapVault,
  servicePolicy,
  roleName,
  type BootstrapOptions,
  type BootstrapReport,
  type Outcome,
} from './bootstrap.ts';

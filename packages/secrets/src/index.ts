export { Redactor } from './redactor.ts';
export type { SecretState, SecretStatus, SecretStore } from './secret-store.ts';
export type { SecretRead, SecretSource } from './secret-source.ts';
export { VaultSecretSource } from './vault-secret-source.ts';
export { FileSecretSource } from './file-secret-source.ts';
export { createSecretSource, type CreateSecretSourceOptions } from './create-secret-source.ts';
export {
  defineSecrets,
  serviceSecrets,
  serviceNames,
  isServiceName,
  type SecretSpec,
  type SecretDeclarations,
  type ServiceName,
} from './declarations.ts';
export { loadSecrets, type LoadSecretsOptions, type SecretEvent } from './load-secrets.ts';
export { secretMetrics, type SecretMetrics } from './secret-metrics.ts';
export { secretTimingFromEnv } from './timing.ts';
export { ensureDevSecrets, type DevSecrets } from './ensure-dev-secrets.ts';
export { parseDotenv } from './dotenv.ts';

export { Redactor } from './redactor.ts';
export type { SecretStore, SecretStatus, SecretState } from './secret-store.ts';

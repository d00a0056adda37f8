/**
 * The contract between secret loading and everything that uses secrets.
 * Implemented in this package by `loadSecrets` (Vault or file source, refresh, stale tracking, metrics).
 */
export type SecretState = 'fresh' | 'stale';

export interface SecretStatus {
  state: SecretState;
  /** Where the values come from: `vault` or `file`. Never a path with a value in it. */
  source: 'vault' | 'file';
  lastSuccess: Date;
  /** A short, secret-free reason for the last failed refresh, e.g. `vault sealed`. */
  lastError?: string;
  tokenTtlSeconds?: number;
}

export interface SecretStore<K extends string = string> {
  /** The current value of a declared key. Never undefined: loading fails when a key is missing. */
  get(key: K): string;
  /** A frozen copy of all current values. */
  snapshot(): Readonly<Record<K, string>>;
  /**
   * Called after a refresh changes any value, with the keys that changed.
   * A listener that throws (e.g. a DB pool that cannot connect with the new password) is logged and the
   * store keeps serving the new values; the listener is retried on the next refresh.
   */
  onChange(listener: (changed: readonly K[], store: SecretStore<K>) => void | Promise<void>): () => void;
  status(): SecretStatus;
  /** Re-reads now (used by a 401 from an upstream that signals a rotated credential). */
  refresh(): Promise<void>;
  /** Stops timers and revokes this process's own Vault token. */
  close(): Promise<void>;
}

/** One read of a service's path: every key as a string, plus the KV version when the source has one. */
export interface SecretRead {
  values: Readonly<Record<string, string>>;
  version: number | undefined;
}

/** Where secret values come from (Vault KV v2, or a local JSON file for a laptop). */
export interface SecretSource {
  readonly kind: 'vault' | 'file';
  /** How to name a path in messages, e.g. `zakupai/calc` or `dev-secrets.json#calc`. Never a value. */
  describe(path: string): string;
  /** Reads a path under the mount, e.g. `calc`. */
  read(path: string): Promise<SecretRead>;
  /** Seconds left on the Vault token; Infinity when it never expires or there is none; undefined before login. */
  tokenTtlSeconds(): number | undefined;
  /** Stops timers and revokes a token this source obtained. */
  close(): Promise<void>;
}

/** KV allows any JSON type; secrets are used as strings, so non-strings are JSON-encoded. */
export function stringifyValues(data: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** How a service declares one key it needs from its path. */
export interface SecretSpec {
  /** True when the value must never appear in output (it is registered with the Redactor). */
  secret: boolean;
  description: string;
}

export interface SecretDeclarations<K extends string = string> {
  /** The path under the KV mount, e.g. `calc` → `zakupai/calc`. */
  readonly service: string;
  readonly keys: readonly K[];
  readonly specs: Readonly<Record<K, SecretSpec>>;
  /** Keys whose values the Redactor must hide. */
  readonly secretKeys: readonly K[];
}

/**
 * Declares the keys a service loads from `<mount>/<service>`:
 * `defineSecrets('calc', { DATABASE_URL: { secret: true, description: 'PostgreSQL URL' } })`.
 * Every declared key is required.
 */
export function defineSecrets<const S extends Record<string, SecretSpec>>(
  service: string,
  specs: S,
): SecretDeclarations<Extract<keyof S, string>> {
  type K = Extract<keyof S, string>;
  if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new Error(`defineSecrets: bad service name "${service}"`);
  const keys = Object.keys(specs) as K[];
  if (keys.length === 0) throw new Error(`defineSecrets(${service}): declare at least one key`);
  for (const k of keys) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
      throw new Error(`defineSecrets(${service}): bad key name "${k}"`);
  }
  return Object.freeze({
    service,
    keys: Object.freeze(keys),
    specs: Object.freeze({ ...specs }) as Readonly<Record<K, SecretSpec>>,
    secretKeys: Object.freeze(keys.filter((k) => specs[k]!.secret)),
  });
}

const DATABASE_URL = {
  secret: true,
  description: 'PostgreSQL URL (postgres://…) or pglite:<dir> for the embedded database',
} as const;
const API_KEY_PEPPER = {
  secret: true,
  description: 'server-side pepper mixed into API key hashes (billing and gateway share it)',
} as const;

/** The contract of SPEC.md § Secrets: every path under the mount and its keys. */
export const serviceSecrets = {
  calc: defineSecrets('calc', { DATABASE_URL }),
  risk: defineSecrets('risk', { DATABASE_URL }),
  etl: defineSecrets('etl', {
    DATABASE_URL,
    GOSZAKUP_TOKEN: { secret: true, description: 'bearer token for the Goszakup OWS v3 API' },
  }),
  billing: defineSecrets('billing', { DATABASE_URL, API_KEY_PEPPER }),
  gateway: defineSecrets('gateway', {
    REDIS_URL: { secret: true, description: 'Redis URL for per-key limits (may carry a password)' },
    JWT_PUBLIC_KEYS: { secret: false, description: 'JWKS JSON with the public keys that verify bearer JWTs' },
    API_KEY_PEPPER,
  }),
  monitoring: defineSecrets('monitoring', {
    TELEGRAM_BOT_TOKEN: { secret: true, description: 'Telegram bot token for Alertmanager' },
    TELEGRAM_CHAT_ID: { secret: true, description: 'Telegram chat that receives alerts' },
  }),
} as const;

export type ServiceName = keyof typeof serviceSecrets;
export const serviceNames = Object.keys(serviceSecrets) as ServiceName[];

export function isServiceName(s: string): s is ServiceName {
  return Object.hasOwn(serviceSecrets, s);
}

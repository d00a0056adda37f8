/** Request quotas as a plan sets them. */
export interface Quotas {
  hourly: number;
  daily: number;
}

/** Who a request is from, once authenticated. Carries no credential. */
export type Principal =
  | {
      kind: 'api_key';
      keyId: string;
      prefix: string;
      plan: string;
      quotas: Quotas;
      features: readonly string[];
    }
  | { kind: 'jwt'; subject: string; plan: string; quotas: Quotas; scopes: readonly string[] };

/** The identity limits are counted against: one key, or one token subject. */
export function limitSubject(p: Principal): string {
  return p.kind === 'api_key' ? `key:${p.keyId}` : `jwt:${p.subject}`;
}

/** A short, log-safe name: the key's visible prefix, or the token subject. */
export function principalLabel(p: Principal): string {
  return p.kind === 'api_key' ? `key:${p.prefix}` : `jwt:${p.subject}`;
}

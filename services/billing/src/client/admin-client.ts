import { ZakError, type ErrorKind } from '@zakupai/errors';

export interface KeyView {
  id: string;
  prefix: string;
  owner: string;
  label: string | null;
  plan: string;
  state: 'active' | 'expired' | 'revoked';
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  replacedBy: string | null;
}

export interface IssuedKeyView extends KeyView {
  key: string;
  notice: string;
}

const kindForStatus = (status: number): ErrorKind =>
  status === 400
    ? 'validation'
    : status === 401
      ? 'unauthenticated'
      : status === 403
        ? 'forbidden'
        : status === 404
          ? 'not_found'
          : status === 409
            ? 'conflict'
            : status === 429
              ? 'rate_limited'
              : status >= 500
                ? 'unavailable'
                : 'upstream';

/** Billing's admin API over HTTP, with a bearer token holding scope `zakupai:admin`. */
export class BillingAdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new ZakError(
        'ZAK_BILLING_UNREACHABLE',
        'unavailable',
        `billing is not reachable at ${new URL(this.baseUrl).origin}`,
      );
    }
    const parsed = (await res.json().catch(() => undefined)) as
      { error?: { code?: string; message?: string; field?: string } } | undefined;
    if (!res.ok) {
      const e = parsed?.error;
      throw new ZakError(
        e?.code ?? 'ZAK_BILLING_ERROR',
        kindForStatus(res.status),
        e?.message ?? `billing answered ${res.status}`,
        {
          ...(e?.field ? { field: e.field } : {}),
        },
      );
    }
    return parsed as T;
  }

  createKey(input: {
    owner: string;
    plan: string;
    label?: string;
    expiresAt?: string;
  }): Promise<IssuedKeyView> {
    return this.#call('POST', '/admin/keys', input);
  }

  async listKeys(filter: {
    prefix?: string;
    owner?: string;
    includeInactive?: boolean;
    limit?: number;
  }): Promise<KeyView[]> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) q.set(k, String(v));
    return (await this.#call<{ keys: KeyView[] }>('GET', `/admin/keys${q.size ? `?${q}` : ''}`)).keys;
  }

  revokeKey(idOrPrefix: string): Promise<KeyView> {
    return this.#call('POST', `/admin/keys/${encodeURIComponent(idOrPrefix)}/revoke`, {});
  }
}

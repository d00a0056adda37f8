import { ZakError } from '@zakupai/errors';
import { hashApiKey, prefixOf } from '@zakupai/billing/client';
import type { Principal } from '../domain/principal.ts';
import type { Billing, VerifyResult } from '../billing/billing-client.ts';

export interface ApiKeyAuthOptions {
  billing: Billing;
  pepper: () => string;
  /** How long a verdict (valid or not) is reused. A revocation takes effect within this time. */
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
  onResult?: (result: 'valid' | 'invalid' | 'malformed' | 'cached') => void;
}

type Cached = { expiresAt: number; result: VerifyResult };

const invalidKey = () => new ZakError('ZAK_UNAUTHENTICATED', 'unauthenticated', 'the API key is not valid');

/**
 * Verifies `X-API-Key` against billing. The key is hashed with the pepper here, so only its visible
 * prefix and its HMAC travel to billing, and the cache is keyed by the hash, never the key. Verdicts
 * live `ttlMs`; concurrent checks of one key share a single billing call. Billing down is a 503, not a 401.
 */
export class ApiKeyAuth {
  readonly #cache = new Map<string, Cached>();
  readonly #inflight = new Map<string, Promise<VerifyResult>>();
  readonly #now: () => number;
  readonly #max: number;

  constructor(private readonly options: ApiKeyAuthOptions) {
    this.#now = options.now ?? Date.now;
    this.#max = options.maxEntries ?? 50_000;
  }

  async authenticate(key: string): Promise<Principal> {
    const prefix = prefixOf(key);
    if (!prefix) {
      this.options.onResult?.('malformed');
      throw invalidKey();
    }
    const hash = hashApiKey(this.options.pepper(), key);
    const result = await this.#lookup(prefix, hash);
    if (!result.valid) throw invalidKey();
    return {
      kind: 'api_key',
      keyId: result.key.id,
      prefix: result.key.prefix,
      plan: result.plan.name,
      quotas: { hourly: result.plan.hourlyQuota, daily: result.plan.dailyQuota },
      features: result.plan.features,
    };
  }

  async #lookup(prefix: string, hash: string): Promise<VerifyResult> {
    const now = this.#now();
    const hit = this.#cache.get(hash);
    if (hit && hit.expiresAt > now) {
      this.options.onResult?.('cached');
      return hit.result;
    }
    let pending = this.#inflight.get(hash);
    if (!pending) {
      pending = this.options.billing.verify(prefix, hash).finally(() => this.#inflight.delete(hash));
      this.#inflight.set(hash, pending);
      const result = await pending;
      this.#store(hash, result);
      this.options.onResult?.(result.valid ? 'valid' : 'invalid');
      return result;
    }
    return pending;
  }

  #store(hash: string, result: VerifyResult): void {
    this.#cache.delete(hash);
    if (this.#cache.size >= this.#max) {
      const oldest = this.#cache.keys().next();
      if (!oldest.done) this.#cache.delete(oldest.value);
    }
    this.#cache.set(hash, { expiresAt: this.#now() + this.options.ttlMs, result });
  }

  /** Drops every cached verdict (the pepper changed: every hash is different now). */
  clear(): void {
    this.#cache.clear();
  }
}

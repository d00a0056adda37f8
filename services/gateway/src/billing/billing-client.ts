import { Pool } from 'undici';
import { unavailable } from '@zakupai/errors';
import { INTERNAL_HEADER } from '@zakupai/billing/client';

export interface PlanView {
  name: string;
  hourlyQuota: number;
  dailyQuota: number;
  features: string[];
}

export type VerifyResult =
  | {
      valid: true;
      key: { id: string; prefix: string; owner: string; expiresAt: string | null };
      plan: PlanView;
    }
  | { valid: false; reason: string };

export interface UsageEntry {
  keyId: string;
  day: string;
  requests: number;
}

/** What the gateway needs from billing. */
export interface Billing {
  verify(prefix: string, keyHash: string): Promise<VerifyResult>;
  sendUsage(batchId: string, entries: readonly UsageEntry[]): Promise<void>;
  plans(): Promise<PlanView[]>;
  health(): Promise<void>;
  close(): Promise<void>;
}

export interface BillingClientOptions {
  /** The `x-zakupai-internal` token, derived from API_KEY_PEPPER; read per call so a new pepper applies. */
  token: () => string;
  timeoutMs?: number;
}

/** Billing's `/internal/*` API over a keep-alive pool. Any failure to get an answer is `unavailable` (503). */
export class BillingClient implements Billing {
  readonly #pool: Pool;
  readonly #token: () => string;
  readonly #timeoutMs: number;

  constructor(baseUrl: string, options: BillingClientOptions) {
    const origin = new URL(baseUrl).origin;
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#pool = new Pool(origin, {
      connections: 32,
      connectTimeout: this.#timeoutMs,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
    });
    this.#token = options.token;
  }

  async #call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res;
    try {
      res = await this.#pool.request({
        method,
        path,
        headers: {
          [INTERNAL_HEADER]: this.#token(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (e) {
      throw unavailable('ZAK_BILLING_UNAVAILABLE', 'billing is unavailable', 5, { cause: e });
    }
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw unavailable('ZAK_BILLING_UNAVAILABLE', `billing answered ${res.statusCode} on ${path}`, 5);
    }
    return (await res.body.json()) as T;
  }

  verify(prefix: string, keyHash: string): Promise<VerifyResult> {
    return this.#call('POST', '/internal/verify', { prefix, keyHash });
  }

  async sendUsage(batchId: string, entries: readonly UsageEntry[]): Promise<void> {
    await this.#call('POST', '/internal/usage', { batchId, entries });
  }

  async plans(): Promise<PlanView[]> {
    return (await this.#call<{ plans: PlanView[] }>('GET', '/internal/plans')).plans;
  }

  async health(): Promise<void> {
    const res = await this.#pool.request({
      method: 'GET',
      path: '/health',
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`billing /health answered ${res.statusCode}`);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

import { Agent, fetch as undiciFetch } from 'undici';
import { fullJitter, sleep } from './backoff.ts';
import { VaultCode, VaultError, errorFromStatus } from './errors.ts';
import type { VaultEnvelope } from './types.ts';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface VaultHttpOptions {
  /** e.g. `https://vault.internal:8200`; a trailing slash or `/v1` is ignored. */
  addr: string;
  /** Sent as `X-Vault-Namespace` (Vault Enterprise, OpenBao ≥ 2.3). */
  namespace?: string | undefined;
  /** PEM text of the CA that signed Vault's certificate (the contents of `VAULT_CACERT`). */
  caCert?: string | undefined;
  /** Per attempt. Default 5000 ms. */
  timeoutMs?: number | undefined;
  /** Extra attempts after the first, for network errors, 429, 500, 502 and 503. Default 3. */
  maxRetries?: number | undefined;
  retryBaseMs?: number | undefined;
  retryCapMs?: number | undefined;
  fetch?: FetchLike | undefined;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface VaultRequest {
  method: HttpMethod;
  /** API path under `/v1/`, e.g. `zakupai/data/calc`. */
  path: string;
  token?: string | undefined;
  body?: unknown;
  query?: Record<string, string> | undefined;
  headers?: Record<string, string> | undefined;
  /** Default true. Retries only network errors, 429, 500, 502, 503; never 4xx otherwise. */
  retry?: boolean;
  signal?: AbortSignal | undefined;
}

export interface VaultResponse<D = unknown> {
  status: number;
  body: VaultEnvelope<D> | undefined;
  /** Raw parsed JSON, for endpoints (sys/health, sys/mounts) whose body is not an envelope. */
  json: unknown;
  retryAfter: number | undefined;
}

const RETRY_STATUS = new Set([429, 500, 502, 503]);
/**
 * A KV v2 mount answers 400 with this while it upgrades its storage layout right after being enabled
 * ("…will resume service shortly"). The request was not applied, so even writes may be sent again.
 */
export const KV_UPGRADING = 'upgrading from non-versioned to versioned data';
const isUpgrading = (json: unknown) =>
  (json as { errors?: unknown } | undefined)?.errors instanceof Array &&
  (json as { errors: unknown[] }).errors.some(
    (e) => typeof e === 'string' && e.toLowerCase().includes(KV_UPGRADING),
  );
const UPGRADE_ATTEMPTS = 50;

/** Checks a relative API path: no traversal, no empty or dot segments (Vault 404s a segment ending in `.`). */
export function encodePath(path: string): string {
  const segments = path.replace(/^\/+|\/+$/g, '').split('/');
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || s.endsWith('.'))
      throw new VaultError(VaultCode.config, 'validation', `invalid vault path "${path}"`, { path });
  }
  return segments.map(encodeURIComponent).join('/') + (path.endsWith('/') ? '/' : '');
}

/**
 * The transport: JSON over fetch with Vault's headers, per-attempt timeouts and bounded, jittered retries.
 * It returns every HTTP answer (callers classify); it throws only when Vault could not be reached.
 */
export class VaultHttp {
  readonly addr: string;
  readonly #namespace: string | undefined;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #baseMs: number;
  readonly #capMs: number;
  readonly #fetch: FetchLike;
  readonly #agent: Agent | undefined;

  constructor(opts: VaultHttpOptions) {
    let addr: URL;
    try {
      addr = new URL(opts.addr);
    } catch {
      throw new VaultError(VaultCode.config, 'config', 'VAULT_ADDR is not a valid URL');
    }
    if (addr.protocol !== 'http:' && addr.protocol !== 'https:')
      throw new VaultError(VaultCode.config, 'config', 'VAULT_ADDR must start with http:// or https://');
    if (addr.username || addr.password)
      throw new VaultError(VaultCode.config, 'config', 'VAULT_ADDR must not carry credentials');
    this.addr = `${addr.origin}${addr.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')}`;
    this.#namespace = opts.namespace?.trim() || undefined;
    this.#timeoutMs = opts.timeoutMs ?? 5000;
    this.#maxRetries = opts.maxRetries ?? 3;
    this.#baseMs = opts.retryBaseMs ?? 200;
    this.#capMs = opts.retryCapMs ?? 5000;
    if (opts.fetch) {
      this.#fetch = opts.fetch;
    } else if (opts.caCert) {
      // Node 20's global fetch ignores `ca`; undici's own fetch takes a dispatcher that trusts the given CA.
      const agent = new Agent({ connect: { ca: opts.caCert } });
      this.#agent = agent;
      this.#fetch = (url, init) =>
        undiciFetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;
    } else {
      this.#fetch = (url, init) => fetch(url, init);
    }
  }

  async request<D = unknown>(req: VaultRequest): Promise<VaultResponse<D>> {
    const path = encodePath(req.path);
    const qs = req.query ? `?${new URLSearchParams(req.query).toString()}` : '';
    const url = `${this.addr}/v1/${path}${qs}`;
    const headers: Record<string, string> = { 'X-Vault-Request': 'true', ...req.headers };
    if (this.#namespace) headers['X-Vault-Namespace'] = this.#namespace;
    if (req.token) headers['X-Vault-Token'] = req.token;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const attempts = req.retry === false ? 1 : this.#maxRetries + 1;
    let lastFailure: unknown;
    let upgradeWaits = 0;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) {
        const wait = fullJitter(attempt - 1, this.#baseMs, this.#capMs);
        await sleep(wait, req.signal);
      }
      const timeout = AbortSignal.timeout(this.#timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      let res: Response;
      try {
        res = await this.#fetch(url, { method: req.method, headers, body, signal });
      } catch (e) {
        if (req.signal?.aborted) throw req.signal.reason;
        lastFailure = timeout.aborted ? 'timeout' : e;
        continue;
      }
      const text = await res.text().catch(() => '');
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const retryAfterHeader = Number(res.headers.get('retry-after'));
      const retryAfter =
        Number.isFinite(retryAfterHeader) && retryAfterHeader > 0 ? retryAfterHeader : undefined;
      const out: VaultResponse<D> = {
        status: res.status,
        body: json && typeof json === 'object' ? (json as VaultEnvelope<D>) : undefined,
        json,
        retryAfter,
      };
      if (res.status === 400 && isUpgrading(json) && upgradeWaits++ < UPGRADE_ATTEMPTS) {
        await sleep(100, req.signal);
        attempt--;
        continue;
      }
      if (RETRY_STATUS.has(res.status) && attempt + 1 < attempts) {
        lastFailure = out;
        if (retryAfter !== undefined) await sleep(Math.min(retryAfter * 1000, this.#capMs), req.signal);
        continue;
      }
      return out;
    }
    if (lastFailure && typeof lastFailure === 'object' && 'status' in lastFailure) {
      return lastFailure as VaultResponse<D>;
    }
    throw this.#unreachable(req.method, req.path, lastFailure, attempts);
  }

  /** Like `request`, but a non-2xx answer becomes a typed VaultError. */
  async call<D = unknown>(req: VaultRequest): Promise<VaultResponse<D>> {
    const res = await this.request<D>(req);
    if (res.status >= 200 && res.status < 300) return res;
    throw errorFromStatus(req.method, req.path, res.status, res.body?.errors ?? [], res.retryAfter);
  }

  async close(): Promise<void> {
    await this.#agent?.close();
  }

  #unreachable(method: string, path: string, failure: unknown, attempts: number): VaultError {
    const reason =
      failure === 'timeout'
        ? `no answer within ${this.#timeoutMs}ms`
        : (networkCode(failure) ??
          (failure instanceof Error ? failure.message.split('\n')[0] : 'network error'));
    return new VaultError(
      VaultCode.unreachable,
      'unavailable',
      `vault ${method} ${path}: ${this.addr} unreachable (${reason}, ${attempts} attempt${attempts > 1 ? 's' : ''})`,
      { path, retryAfter: 5, details: { attempts } },
    );
  }
}

/** `ECONNREFUSED`, `ENOTFOUND`, a TLS code… from undici's `fetch failed` cause chain, else the innermost message. */
function networkCode(e: unknown): string | undefined {
  let message: string | undefined;
  for (let cur = e, depth = 0; cur && depth < 5; depth++) {
    const c = cur as { code?: unknown; cause?: unknown; message?: unknown };
    if (typeof c.code === 'string') return c.code;
    if (typeof c.message === 'string' && c.message) message = c.message.split('\n')[0];
    cur = c.cause;
  }
  return message;
}

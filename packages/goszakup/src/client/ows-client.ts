import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { setTimeout as delay } from 'node:timers/promises';
import { Agent, request, type Dispatcher } from 'undici';
import type { Registry } from 'prom-client';
import { configError } from '@zakupai/errors';
import { backoffDelay, parseRetryAfter, type BackoffPolicy } from './backoff.ts';
import { GoszakupError, type GoszakupErrorType } from './errors.ts';
import { goszakupMetrics, type GoszakupMetrics } from './metrics.ts';
import { RateCap } from './rate-cap.ts';

export interface OwsClientOptions {
  /** `GOSZAKUP_API_URL`, e.g. `https://ows.goszakup.gov.kz`. */
  baseUrl: string;
  /** The current Bearer token, read on every attempt (so a rotated secret is used from the next request on). */
  token: () => string;
  /** Re-reads the secret now; called once on a 401/403 before the request counts as an `auth` error. */
  refresh?: () => Promise<void>;
  registry: Registry;
  /** `GOSZAKUP_CACERT`: a PEM file trusted in addition to the system roots. Verification is never turned off. */
  caFile?: string;
  /** Per attempt, until the whole body is read. Default 30 s. */
  timeoutMs?: number;
  /** Attempts per request, the first included. Default 6. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** Longest `Retry-After` honoured; a longer one is cut to this. Default 5 min. */
  maxRetryAfterMs?: number;
  /** Client-side cap on request starts per second. Default 5; 0 disables. */
  ratePerSecond?: number;
  random?: () => number;
  /** Told of every failed attempt (after the metric is counted), e.g. for per-run error tallies. */
  onError?: (type: GoszakupErrorType, entity: string) => void;
}

export interface RequestOptions {
  /** The metric label: trd_buy, lots, contracts, rnu, bids, refs. */
  entity: string;
  /** A 404 answers `null` instead of failing (RNU detail: 404 = not listed). */
  allow404?: boolean;
  /** Checks the parsed body; a body it rejects is a `parse` error and is retried. Return a reason to reject. */
  check?: (body: unknown) => string | undefined;
  signal?: AbortSignal;
}

type Attempt =
  | { ok: true; body: unknown }
  | {
      ok: false;
      type: GoszakupErrorType;
      retry: boolean;
      waitMs?: number;
      status?: number;
      message: string;
      cause?: unknown;
    };

/** A typed transport for OWS v3: auth, TLS trust, timeouts, bounded jittered retries, a rate cap and metrics. */
export class OwsClient {
  readonly #base: string;
  readonly #opts: OwsClientOptions;
  readonly #metrics: GoszakupMetrics;
  readonly #dispatcher: Dispatcher;
  readonly #cap: RateCap;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #backoff: BackoffPolicy;

  constructor(opts: OwsClientOptions) {
    this.#base = opts.baseUrl.replace(/\/+$/, '');
    this.#opts = opts;
    this.#metrics = goszakupMetrics(opts.registry);
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
    this.#maxAttempts = Math.max(1, opts.maxAttempts ?? 6);
    this.#backoff = opts.backoff ?? { baseMs: 1000, maxMs: 60_000 };
    this.#cap = new RateCap(opts.ratePerSecond ?? 5);
    let ca: string[] | undefined;
    if (opts.caFile) {
      try {
        ca = [...rootCertificates, readFileSync(opts.caFile, 'utf8')];
      } catch (e) {
        throw configError('ZAK_GOSZAKUP_CACERT', 'GOSZAKUP_CACERT names a file that cannot be read', {
          cause: e,
        });
      }
    }
    this.#dispatcher = new Agent({
      keepAliveTimeout: 10_000,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
      connect: { timeout: Math.min(this.#timeoutMs, 10_000), ...(ca ? { ca } : {}) },
    });
  }

  /** GET a path under the base URL (absolute paths such as a `next_page` value are accepted as they are). */
  getJson(path: string, options: RequestOptions): Promise<unknown> {
    return this.#send('GET', path, undefined, options);
  }

  /** POST a JSON body (GraphQL). */
  postJson(path: string, body: unknown, options: RequestOptions): Promise<unknown> {
    return this.#send('POST', path, JSON.stringify(body), options);
  }

  async close(): Promise<void> {
    await this.#dispatcher.close();
  }

  async #send(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    o: RequestOptions,
  ): Promise<unknown> {
    let refreshed = false;
    let authFailures = 0;
    let last: Extract<Attempt, { ok: false }> | undefined;
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt += 1) {
      await this.#cap.take(o.signal);
      const r = await this.#attempt(method, path, body, o);
      if (r.ok) return r.body;
      if (r.type === 'auth' && !refreshed && this.#opts.refresh) {
        // One immediate re-read of the secret; the repeated request decides whether this is an auth error.
        refreshed = true;
        attempt -= 1;
        await this.#opts.refresh();
        continue;
      }
      this.#metrics.errors.inc({ error_type: r.type });
      this.#opts.onError?.(r.type, o.entity);
      // Still refused: read the secret again before the next (backed-off) attempt, in case rotation lags.
      if (r.type === 'auth' && this.#opts.refresh) await this.#opts.refresh().catch(() => {});
      last = r;
      if (r.type === 'auth') authFailures += 1;
      // A token still refused after two re-reads is wrong, not rotating: fail fast.
      if (!r.retry || attempt === this.#maxAttempts || authFailures >= 2) break;
      const wait = r.waitMs ?? backoffDelay(attempt, this.#backoff, this.#opts.random);
      await delay(wait, undefined, o.signal ? { signal: o.signal } : {});
    }
    const f = last!;
    throw new GoszakupError(f.type, `${method} ${templateOf(path)}: ${f.message}`, {
      ...(f.status ? { status: f.status } : {}),
      cause: f.cause,
    });
  }

  async #attempt(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    o: RequestOptions,
  ): Promise<Attempt> {
    const timer = new AbortController();
    const t = setTimeout(() => timer.abort(), this.#timeoutMs);
    const signal = o.signal ? AbortSignal.any([o.signal, timer.signal]) : timer.signal;
    this.#metrics.requests.inc({ entity: o.entity });
    const end = this.#metrics.duration.startTimer({ entity: o.entity });
    let status: number;
    let text: string;
    let headers: Record<string, string | string[] | undefined>;
    try {
      const res = await request(this.#url(path), {
        method,
        dispatcher: this.#dispatcher,
        signal,
        headers: {
          authorization: `Bearer ${this.#opts.token()}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body }),
      });
      status = res.statusCode;
      headers = res.headers;
      text = await res.body.text();
    } catch (e) {
      if (o.signal?.aborted) throw e;
      return classifyThrown(e, timer.signal.aborted);
    } finally {
      clearTimeout(t);
      end();
    }
    if (status === 401 || status === 403) {
      return { ok: false, type: 'auth', retry: true, status, message: `HTTP ${status}` };
    }
    if (status === 429) {
      const ra = parseRetryAfter(first(headers['retry-after']));
      const waitMs = ra === undefined ? undefined : Math.min(ra, this.#opts.maxRetryAfterMs ?? 300_000);
      return {
        ok: false,
        type: 'rate_limited',
        retry: true,
        status,
        message: 'HTTP 429',
        ...(waitMs === undefined ? {} : { waitMs }),
      };
    }
    if (status >= 500) return { ok: false, type: 'http_5xx', retry: true, status, message: `HTTP ${status}` };
    if (status === 404 && o.allow404) return { ok: true, body: null };
    if (status >= 400)
      return { ok: false, type: 'http_4xx', retry: false, status, message: `HTTP ${status}` };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      const html = /^\s*</.test(text);
      return {
        ok: false,
        type: 'parse',
        retry: true,
        message: html ? 'HTML page where JSON was expected' : 'malformed JSON',
        cause: e,
      };
    }
    const reason = o.check?.(parsed);
    if (reason) return { ok: false, type: 'parse', retry: true, message: reason };
    return { ok: true, body: parsed };
  }

  #url(path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    return `${this.#base}${path.startsWith('/') ? '' : '/'}${path}`;
  }
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The path without its query and with numeric segments folded, for messages (never a cursor or a BIN). */
function templateOf(path: string): string {
  const p = path.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? '';
  return p.replace(/\/\d+(?=\/|$)/g, '/{id}');
}

/** TLS verification failures: not transient, so never retried (and verification is never switched off). */
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

function classifyThrown(e: unknown, timedOut: boolean): Attempt {
  const code = (e as { code?: string }).code ?? '';
  if (timedOut || TIMEOUT_CODES.has(code))
    return { ok: false, type: 'timeout', retry: true, message: 'timed out', cause: e };
  if (TLS_CODES.has(code))
    return { ok: false, type: 'network', retry: false, message: `TLS ${code}`, cause: e };
  return {
    ok: false,
    type: 'network',
    retry: true,
    message: `network error ${code || (e as Error).name}`,
    cause: e,
  };
}

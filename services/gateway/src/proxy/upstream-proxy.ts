import { Transform, type Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { Pool, errors as undiciErrors } from 'undici';
import { ZakError } from '@zakupai/errors';

export interface UpstreamOptions {
  connectTimeoutMs?: number;
  /** Time to the response headers. */
  headersTimeoutMs?: number;
  /** Longest pause between body chunks. */
  bodyTimeoutMs?: number;
  connections?: number;
}

export interface ProxyRequest {
  method: string;
  /** Path and query for the upstream, e.g. `/v1/vat?x=1`. */
  path: string;
  headers: Record<string, string | string[]>;
  /** The client's request stream, or undefined when it carries no body. */
  body: IncomingMessage | undefined;
  bodyLimitBytes: number;
  signal: AbortSignal;
}

export interface ProxyResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** True when the request carries a body (RFC 9112 §6.3: Content-Length or Transfer-Encoding). */
export function hasBody(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (len !== undefined && len !== '0');
}

class BodyTooLarge extends Error {}

/** Passes the body through, failing once more than `limit` bytes have been read (whatever Content-Length said). */
function limited(src: IncomingMessage, limit: number): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > limit) cb(new BodyTooLarge());
      else cb(null, chunk);
    },
  });
  src.on('error', (e) => counter.destroy(e));
  return src.pipe(counter);
}

/**
 * One upstream service behind a keep-alive pool. Bodies stream both ways; nothing is buffered.
 * A refused or timed-out connection is `unavailable` (503 with Retry-After) at once, never a hang.
 */
export class Upstream {
  readonly #pool: Pool;
  readonly #basePath: string;

  constructor(
    readonly name: string,
    baseUrl: string,
    options: UpstreamOptions = {},
  ) {
    const u = new URL(baseUrl);
    this.#basePath = u.pathname.replace(/\/+$/, '');
    this.#pool = new Pool(u.origin, {
      connections: options.connections ?? 128,
      connectTimeout: options.connectTimeoutMs ?? 2000,
      headersTimeout: options.headersTimeoutMs ?? 30_000,
      bodyTimeout: options.bodyTimeoutMs ?? 30_000,
    });
  }

  async forward(req: ProxyRequest): Promise<ProxyResponse> {
    const declared = Number(req.body?.headers['content-length'] ?? 0);
    if (declared > req.bodyLimitBytes) throw tooLarge(req.bodyLimitBytes);
    const body = req.body ? limited(req.body, req.bodyLimitBytes) : undefined;
    try {
      const res = await this.#pool.request({
        method: req.method as 'GET',
        path: `${this.#basePath}${req.path}`,
        headers: req.headers,
        body: body ?? null,
        signal: req.signal,
      });
      return { statusCode: res.statusCode, headers: res.headers, body: res.body };
    } catch (e) {
      throw this.#mapError(e, req.bodyLimitBytes);
    }
  }

  #mapError(e: unknown, limit: number): unknown {
    if (e instanceof BodyTooLarge || (e as { cause?: unknown }).cause instanceof BodyTooLarge)
      return tooLarge(limit);
    const code = (e as { code?: string }).code ?? '';
    if (
      e instanceof undiciErrors.ConnectTimeoutError ||
      CONNECT_FAILURES.has(code) ||
      code === 'UND_ERR_SOCKET'
    ) {
      return new ZakError('ZAK_UPSTREAM_UNAVAILABLE', 'unavailable', `${this.name} is unavailable`, {
        retryAfter: 5,
        cause: e,
      });
    }
    if (e instanceof undiciErrors.HeadersTimeoutError || e instanceof undiciErrors.BodyTimeoutError) {
      return new ZakError('ZAK_UPSTREAM_TIMEOUT', 'unavailable', `${this.name} did not answer in time`, {
        retryAfter: 5,
        cause: e,
      });
    }
    if ((e as { name?: string }).name === 'AbortError') {
      return new ZakError('ZAK_CLIENT_CLOSED', 'unavailable', 'the client closed the request', { cause: e });
    }
    return new ZakError('ZAK_UPSTREAM_FAILED', 'upstream', `${this.name} request failed`, { cause: e });
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

const tooLarge = (limit: number) =>
  new ZakError(
    'ZAK_PAYLOAD_TOO_LARGE',
    'payload_too_large',
    `request body is over the limit of ${limit} bytes`,
  );

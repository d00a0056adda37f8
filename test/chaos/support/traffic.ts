import { request as httpRequest } from 'node:http';
import { capture } from '@zakupai/testing/leak-audit';
import type { ServiceName } from './managed-service.ts';

/** The kinds of request the steady load sends through the gateway. */
export type RouteName = 'calc.vat' | 'calc.vat.jwt' | 'risk.score' | 'risk.rnu' | 'etl.status';

/** Which service answers a route behind the gateway. */
export const serviceOfRoute: Record<RouteName, ServiceName> = {
  'calc.vat': 'calc',
  'calc.vat.jwt': 'calc',
  'risk.score': 'risk',
  'risk.rnu': 'risk',
  'etl.status': 'etl',
};

/** What became of one request, as the client saw it. */
export type Outcome = '2xx' | '4xx' | '5xx' | 'refused' | 'reset' | 'timeout';

export interface RequestRecord {
  route: RouteName;
  requestId: string;
  sentAt: number;
  endAt: number;
  status: number;
  outcome: Outcome;
  /** The `error.code` of a JSON error body. */
  code?: string;
  retryAfter?: string;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface SendOptions {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

/**
 * One request on its own connection (`agent: false`): a keep-alive race with a closing server cannot be told
 * apart from a reset of an accepted request, so the load never reuses sockets. Rejects with the socket error's
 * code (ECONNREFUSED, ECONNRESET, …) or `TIMEOUT`.
 */
export function send(url: string, o: SendOptions): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: o.method,
      agent: false,
      headers: {
        ...(o.body !== undefined
          ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(o.body)) }
          : {}),
        ...o.headers,
      },
    });
    const timer = setTimeout(
      () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
      o.timeoutMs ?? 10_000,
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(o.body);
  });
}

export function outcomeOfError(e: unknown): Outcome {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'TIMEOUT') return 'timeout';
  return 'reset';
}

let clients = 0;

/**
 * The address of the next simulated client, as a load balancer in front of the gateway would forward it
 * (`X-Forwarded-For`, trusted from loopback). The services' own per-address limits then see many clients, as in
 * production, rather than one address sending everything.
 */
export function nextClient(): Record<string, string> {
  const n = clients++ % 4096;
  return { 'x-forwarded-for': `10.77.${n >> 8}.${n & 255}` };
}

const VAT_BODY = JSON.stringify({ amount: '1160', date: '2026-01-01' });

export interface TrafficOptions {
  gatewayUrl: string;
  apiKey: string;
  /** A bearer token for the JWT share of the load (re-read before every such request). */
  bearer: () => string;
  /** A lot in the shape POST /risk/score takes; its id is replaced per request. */
  lot: Record<string, unknown>;
  workers: number;
  /** Each worker waits at least this long between the starts of two requests. */
  gapMs: number;
  tag: string;
}

/** The mix, in order; each worker walks it from its own offset. */
const MIX: RouteName[] = [
  'calc.vat',
  'risk.score',
  'etl.status',
  'calc.vat',
  'risk.rnu',
  'calc.vat.jwt',
  'risk.score',
  'calc.vat',
  'etl.status',
  'risk.score',
];

/**
 * Steady load through the gateway: `workers` loops, each one request at a time, paced by `gapMs` (bounded
 * concurrency and rate). Every request is recorded; `stop()` waits for the ones in flight.
 */
export class Traffic {
  readonly records: RequestRecord[] = [];
  #stopped = false;
  #loops: Promise<void>[] = [];
  #seq = 0;

  constructor(private readonly o: TrafficOptions) {}

  start(): void {
    for (let w = 0; w < this.o.workers; w++) this.#loops.push(this.#loop(w));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#loops);
  }

  async #loop(worker: number): Promise<void> {
    let i = worker * 3;
    while (!this.#stopped) {
      const started = Date.now();
      await this.#one(MIX[i % MIX.length]!);
      i += 1;
      const wait = this.o.gapMs - (Date.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }

  #request(route: RouteName, n: number): { path: string; o: SendOptions } {
    const key = { 'x-api-key': this.o.apiKey };
    switch (route) {
      case 'calc.vat':
        return { path: '/api/calc/vat', o: { method: 'POST', headers: key, body: VAT_BODY } };
      case 'calc.vat.jwt':
        return {
          path: '/api/calc/vat',
          o: { method: 'POST', headers: { authorization: `Bearer ${this.o.bearer()}` }, body: VAT_BODY },
        };
      case 'risk.score':
        return {
          path: '/api/risk/risk/score',
          o: { method: 'POST', headers: key, body: JSON.stringify({ ...this.o.lot, id: `CH-${n % 50}` }) },
        };
      case 'risk.rnu':
        return { path: '/api/risk/rnu/100000000205', o: { method: 'GET', headers: key } };
      case 'etl.status':
        return { path: '/api/etl/etl/status', o: { method: 'GET', headers: key } };
    }
  }

  async #one(route: RouteName): Promise<void> {
    const n = this.#seq++;
    const requestId = `chaos-${this.o.tag}-${n}`;
    const { path, o } = this.#request(route, n);
    const sentAt = Date.now();
    const rec: RequestRecord = { route, requestId, sentAt, endAt: sentAt, status: 0, outcome: 'reset' };
    try {
      const r = await send(`${this.o.gatewayUrl}${path}`, {
        ...o,
        headers: { ...o.headers, ...nextClient(), 'x-request-id': requestId },
      });
      rec.status = r.status;
      rec.outcome = r.status < 300 ? '2xx' : r.status < 500 ? '4xx' : '5xx';
      const ra = r.headers['retry-after'];
      if (typeof ra === 'string') rec.retryAfter = ra;
      if (r.status >= 300) {
        capture('chaos-http-errors', r.body);
        try {
          rec.code = (JSON.parse(r.body) as { error?: { code?: string } }).error?.code;
        } catch {
          rec.code = 'non-json';
        }
      } else if (n % 50 === 0) capture('chaos-http-sample', r.body);
    } catch (e) {
      rec.outcome = outcomeOfError(e);
      rec.code = (e as { code?: string }).code ?? (e as Error).message;
    }
    rec.endAt = Date.now();
    this.records.push(rec);
  }
}

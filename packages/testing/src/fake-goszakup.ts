import {
  createServer as createHttp,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import {
  FAKE_REFS,
  FakeGoszakupData,
  type FakeDataOptions,
  type FakeEntity,
  type Item,
} from './fake-goszakup-data.ts';

/**
 * A fake OWS v3 server on 127.0.0.1, built from the documented shapes (domain.md §1):
 * REST lists `{total, limit, next_page, items}` newest first with `search_after` keyset paging, `/v3/rnu/{biin}`
 * (404 = not listed), `/v3/refs/{name}`, and `POST /v3/graphql` (`X(filter, limit, after)` in id order with
 * `extensions.pageInfo`). Faults are injected per request, in order.
 */
export type FaultType =
  | '429' // with Retry-After
  | '500'
  | '503'
  | '401'
  | 'hang' // never answers: the client must time out
  | 'drop' // closes the connection without a response
  | 'malformed' // 200 with truncated JSON
  | 'html' // 200 with an HTML page
  | 'gql-errors'; // 200 with a GraphQL `errors` body

export interface FaultRule {
  type: FaultType;
  /** How many matching requests get it. */
  count: number;
  /** Matching requests to let through first. */
  skip: number;
  /** Only requests whose path (with query) matches. */
  match?: RegExp;
  retryAfterSeconds?: number;
}

export interface FakeGoszakupOptions extends FakeDataOptions {
  /** The only accepted Bearer token (changed with `rotateToken`). */
  token?: string;
  /** PEM key and certificate: serve HTTPS. */
  tls?: { key: string; cert: string };
  /** Added before every answer. */
  latencyMs?: number;
}

const REST_PATHS: Record<string, FakeEntity> = {
  '/v3/trd-buy': 'trd_buy',
  '/v3/lots': 'lots',
  '/v3/contract': 'contracts',
  '/v3/rnu': 'rnu',
  '/v3/trd-app': 'bids',
};
const GQL_ROOTS: Record<string, FakeEntity> = {
  TrdBuy: 'trd_buy',
  Lots: 'lots',
  Contract: 'contracts',
  Rnu: 'rnu',
  TrdApp: 'bids',
};
const DEFAULT_LIMIT = 50;
const MAX_REST_LIMIT = 500;
const MAX_GQL_LIMIT = 200;

export class FakeGoszakup {
  readonly data: FakeGoszakupData;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #faults: FaultRule[] = [];
  #token: string;
  readonly #latencyMs: number;
  /** Requests received, and faults served by type. */
  readonly stats = {
    requests: 0,
    faults: {} as Partial<Record<FaultType, number>>,
    tokensSeen: new Set<string>(),
  };
  url = '';

  private constructor(o: FakeGoszakupOptions) {
    this.data = new FakeGoszakupData(o);
    this.#token = o.token ?? 'fake-token';
    this.#latencyMs = o.latencyMs ?? 0;
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.#handle(req, res);
    this.#server = o.tls ? createHttps({ key: o.tls.key, cert: o.tls.cert }, handler) : createHttp(handler);
    this.#server.keepAliveTimeout = 30_000;
    this.#server.on('connection', (s: Socket) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
  }

  static async start(o: FakeGoszakupOptions): Promise<FakeGoszakup> {
    const f = new FakeGoszakup(o);
    await new Promise<void>((resolve) => f.#server.listen(0, '127.0.0.1', resolve));
    const { port } = f.#server.address() as AddressInfo;
    f.url = `${o.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return f;
  }

  /** From now on only `token` is accepted; the old one gets 401. */
  rotateToken(token: string): void {
    this.#token = token;
  }

  inject(
    type: FaultType,
    o: { count?: number; skip?: number; match?: RegExp; retryAfterSeconds?: number } = {},
  ): void {
    this.#faults.push({ type, count: o.count ?? 1, skip: o.skip ?? 0, ...o });
  }

  /** Faults still waiting to be served. */
  pendingFaults(): number {
    return this.#faults.reduce((n, f) => n + f.count, 0);
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Each rule counts the requests it matches on its own; the first rule past its `skip` is served. */
  #takeFault(path: string): FaultRule | undefined {
    let chosen: FaultRule | undefined;
    for (const f of this.#faults) {
      if (f.count <= 0 || (f.match && !f.match.test(path))) continue;
      if (f.skip > 0) f.skip -= 1;
      else chosen ??= f;
    }
    if (chosen) chosen.count -= 1;
    return chosen;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.requests += 1;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (this.#latencyMs > 0) await new Promise((r) => setTimeout(r, this.#latencyMs));
    const path = req.url ?? '/';
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    this.stats.tokensSeen.add(token);
    if (token !== this.#token) return this.#count('401', () => json(res, 401, { message: 'Unauthorized' }));
    const fault = this.#takeFault(path);
    if (fault) return this.#count(fault.type, () => this.#serveFault(fault, req, res));
    try {
      const url = new URL(path, 'http://fake');
      if (req.method === 'POST' && url.pathname === '/v3/graphql')
        return this.#graphql(Buffer.concat(chunks).toString('utf8'), res);
      if (req.method !== 'GET') return json(res, 405, { message: 'Method Not Allowed' });
      return this.#rest(url, res);
    } catch (e) {
      return json(res, 400, { message: (e as Error).message });
    }
  }

  #count(type: FaultType, fn: () => void): void {
    this.stats.faults[type] = (this.stats.faults[type] ?? 0) + 1;
    fn();
  }

  #serveFault(f: FaultRule, req: IncomingMessage, res: ServerResponse): void {
    switch (f.type) {
      case '429':
        res.setHeader('retry-after', String(f.retryAfterSeconds ?? 1));
        return json(res, 429, { message: 'Too Many Requests' });
      case '500':
      case '503':
      case '401':
        return json(res, Number(f.type), { message: 'error' });
      case 'hang':
        return; // the socket stays open until the client gives up or the server closes
      case 'drop':
        req.socket.destroy();
        return;
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"total": 3, "limit": 500, "next_page": "/v3/lots?page=next", "items": [{"id": 1, "lot_num');
        return;
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          '<!DOCTYPE html><html><head><title>Портал государственных закупок</title></head><body>502</body></html>',
        );
        return;
      case 'gql-errors':
        return json(res, 200, {
          errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL' } }],
          data: null,
        });
    }
  }

  #rest(url: URL, res: ServerResponse): void {
    const p = url.pathname.replace(/\/+$/, '');
    const rnu = /^\/v3\/rnu\/(\d{12})$/.exec(p);
    if (rnu) {
      const items = this.data.rnuDetail(rnu[1]!);
      if (!items) return json(res, 404, { message: 'Not Found' });
      return json(res, 200, { total: items.length, limit: 50, next_page: '', items });
    }
    const ref = /^\/v3\/refs\/(ref_[a-z_]+)$/.exec(p);
    if (ref) {
      const items = FAKE_REFS[ref[1]!];
      if (!items) return json(res, 404, { message: 'Not Found' });
      return this.#page(
        res,
        p,
        url,
        items.length,
        (i) => items[items.length - 1 - i]!,
        (i) => Number(items[items.length - 1 - i]!.id),
      );
    }
    const entity = REST_PATHS[p];
    if (!entity) return json(res, 404, { message: 'Not Found' });
    const n = this.data.count(entity);
    // newest first: position k serves index n-1-k
    return this.#page(
      res,
      p,
      url,
      n,
      (k) => restView(entity, this.data.item(entity, n - 1 - k)),
      (k) => this.data.idAt(entity, n - 1 - k),
    );
  }

  /** Keyset page over positions 0..n-1 in descending id order; `search_after` = the last id served. */
  #page(
    res: ServerResponse,
    path: string,
    url: URL,
    n: number,
    at: (k: number) => Item,
    idAt: (k: number) => number,
  ): void {
    const limit = Math.min(
      Number(url.searchParams.get('limit') ?? DEFAULT_LIMIT) || DEFAULT_LIMIT,
      MAX_REST_LIMIT,
    );
    const after = url.searchParams.get('search_after');
    let start = 0;
    if (after !== null) {
      const a = Number(after);
      // first position whose id is below the cursor (ids descend with position)
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (idAt(mid) < a) hi = mid;
        else lo = mid + 1;
      }
      start = lo;
    }
    const end = Math.min(n, start + limit);
    const items: Item[] = [];
    for (let k = start; k < end; k += 1) items.push(at(k));
    const next = end < n ? `${path}?page=next&limit=${limit}&search_after=${idAt(end - 1)}` : '';
    json(res, 200, { total: n, limit, next_page: next, items });
  }

  #graphql(bodyText: string, res: ServerResponse): void {
    let body: { query?: string; variables?: Record<string, unknown> };
    try {
      body = JSON.parse(bodyText);
    } catch {
      return json(res, 400, { errors: [{ message: 'body is not JSON' }] });
    }
    const q = body.query ?? '';
    const m = /\{\s*([A-Za-z]+)\s*\(/.exec(q);
    const root = m?.[1];
    const entity = root ? GQL_ROOTS[root] : undefined;
    if (!root || !entity)
      return json(res, 200, { errors: [{ message: `Cannot query field "${root ?? ''}" on type "Query"` }] });
    const selection = parseSelection(q.slice(q.indexOf('{', (m?.index ?? 0) + m![0].length)));
    const vars = body.variables ?? {};
    const limit = Math.min(Number(vars.limit ?? MAX_GQL_LIMIT) || MAX_GQL_LIMIT, MAX_GQL_LIMIT);
    const filter = (vars.filter ?? {}) as Record<string, unknown>;
    const after = vars.after === undefined || vars.after === null ? undefined : Number(vars.after);
    const n = this.data.count(entity);
    let i = after === undefined ? 0 : Math.max(0, after - this.data.idAt(entity, 0) + 1);
    const out: Item[] = [];
    let lastId: number | null = null;
    for (; i < n && out.length < limit; i += 1) {
      const item = this.data.item(entity, i);
      if (!matches(item, filter)) continue;
      out.push(project(item, selection));
      lastId = this.data.idAt(entity, i);
    }
    let hasNextPage = false;
    for (let k = i; k < n; k += 1) {
      if (matches(this.data.item(entity, k), filter)) {
        hasNextPage = true;
        break;
      }
    }
    json(res, 200, {
      data: { [root]: out },
      extensions: { pageInfo: { hasNextPage, lastId, lastIndexDate: null, totalCount: n } },
    });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** REST serves contracts without their units (those are `/v3/contract/{id}/units`, or GraphQL `ContractUnits`). */
export function restView(entity: FakeEntity, item: Item): Item {
  if (entity !== 'contracts') return item;
  const { contract_units: _units, ...rest } = item;
  return rest;
}

type Selection = Map<string, Selection | null>;

/** A GraphQL selection set `{ a b C { x y } }` (no arguments, aliases or fragments: the client sends none). */
function parseSelection(text: string): Selection {
  const tokens = text.match(/[A-Za-z_][A-Za-z0-9_]*|[{}]/g) ?? [];
  let pos = 0;
  const read = (): Selection => {
    const sel: Selection = new Map();
    pos += 1; // '{'
    while (pos < tokens.length && tokens[pos] !== '}') {
      const name = tokens[pos]!;
      pos += 1;
      if (tokens[pos] === '{') sel.set(name, read());
      else sel.set(name, null);
    }
    pos += 1; // '}'
    return sel;
  };
  return read();
}

const snake = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

function project(item: Item, sel: Selection): Item {
  const out: Item = {};
  for (const [field, sub] of sel) {
    const v = item[snake(field)];
    if (sub && Array.isArray(v)) out[field] = v.map((x) => project(x as Item, sub));
    else if (sub && v && typeof v === 'object') out[field] = project(v as Item, sub);
    else out[field] = v === undefined ? null : v;
  }
  return out;
}

/** Filters seen in working clients: date ranges `{gte, lte}`, id lists, and scalar equality. */
function matches(item: Item, filter: Record<string, unknown>): boolean {
  for (const [k, cond] of Object.entries(filter)) {
    const v = item[snake(k)];
    if (cond && typeof cond === 'object' && !Array.isArray(cond)) {
      const c = cond as { gte?: string; lte?: string };
      if (typeof v !== 'string') return false;
      if (c.gte && v < c.gte) return false;
      if (c.lte && v > c.lte) return false;
    } else if (Array.isArray(cond)) {
      if (!cond.map(String).includes(String(v))) return false;
    } else if (String(v) !== String(cond)) return false;
  }
  return true;
}

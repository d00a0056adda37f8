import { connect } from 'node:net';
import type { Platform, FuzzedService } from './platform.ts';

/**
 * Hand-written hostile requests that schemathesis does not generate: bodies over the limit (with and without an
 * honest Content-Length), deep nesting, malformed and non-UTF-8 JSON, wrong or broken content types, prototype
 * keys, boundary numbers, and raw-socket framing tricks. Sent to each service directly and through the gateway.
 */
export interface HostileCase {
  name: string;
  method?: string;
  /** Path under the target's base; default the target's JSON route. */
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | (() => ReadableStream<Uint8Array>);
  /** Acceptable statuses; a 5xx is never acceptable. */
  expect: number[];
  /** The uniform error code expected (4xx answers from our services only). */
  code?: string;
}

export interface HostileTarget {
  name: string;
  service: FuzzedService | 'gateway';
  baseUrl: string;
  /** The route that reads a JSON body, and a body it accepts. */
  jsonPath: string;
  validBody: object;
  headers: Record<string, string>;
  /** Bytes read before 413. */
  bodyLimit: number;
}

export interface HostileOutcome {
  target: string;
  name: string;
  status: number;
  ok: boolean;
  problem?: string;
}

const MiB = 1024 * 1024;
const JSON_CT = { 'content-type': 'application/json' };

/** The targets: each service's JSON route directly, and the proxied ones through the gateway with the API key. */
export function hostileTargets(p: Platform): HostileTarget[] {
  const key = { 'x-api-key': p.apiKey };
  const vat = { amount: '1160000', date: '2026-03-01' };
  const sync = { entities: ['rnu'], full: false };
  const out: HostileTarget[] = [
    {
      name: 'calc',
      service: 'calc',
      baseUrl: p.urls.calc!,
      jsonPath: '/vat',
      validBody: vat,
      headers: {},
      bodyLimit: MiB,
    },
    {
      name: 'risk',
      service: 'risk',
      baseUrl: p.urls.risk!,
      jsonPath: '/risk/score',
      validBody: LOT,
      headers: {},
      bodyLimit: 8 * MiB,
    },
    {
      name: 'billing',
      service: 'billing',
      baseUrl: p.urls.billing!,
      jsonPath: '/admin/keys',
      validBody: { owner: 'hostile', plan: 'free' },
      headers: { authorization: `Bearer ${p.adminToken}` },
      bodyLimit: MiB,
    },
    {
      name: 'gateway→calc',
      service: 'gateway',
      baseUrl: `${p.gatewayUrl}/api/calc`,
      jsonPath: '/vat',
      validBody: vat,
      headers: key,
      bodyLimit: MiB,
    },
    {
      name: 'gateway→risk',
      service: 'gateway',
      baseUrl: `${p.gatewayUrl}/api/risk`,
      jsonPath: '/risk/score',
      validBody: LOT,
      headers: key,
      bodyLimit: 8 * MiB,
    },
  ];
  if (p.urls.etl) {
    out.push(
      {
        name: 'etl',
        service: 'etl',
        baseUrl: p.urls.etl,
        jsonPath: '/etl/sync',
        validBody: sync,
        headers: {},
        bodyLimit: MiB,
      },
      {
        name: 'gateway→etl',
        service: 'gateway',
        baseUrl: `${p.gatewayUrl}/api/etl`,
        jsonPath: '/etl/sync',
        validBody: sync,
        headers: key,
        bodyLimit: MiB,
      },
    );
  }
  return out;
}

/** A lot risk accepts (check digits valid). */
const LOT = {
  id: 'hostile-1',
  customerBin: '900101300017',
  method: 'tender',
  finYear: 2026,
  allocatedAmount: '1000000',
};

function nested(depth: number, open: string, close: string, inner: string): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

/** The cases for one target. Bodies are built lazily: the large ones are megabytes. */
export function hostileCases(t: HostileTarget): HostileCase[] {
  const valid = JSON.stringify(t.validBody);
  const withField = (k: string, raw: string) => `${valid.slice(0, -1)},${JSON.stringify(k)}:${raw}}`;
  const over = t.bodyLimit + 64 * 1024;
  const cases: HostileCase[] = [
    { name: 'valid body (control)', headers: JSON_CT, body: valid, expect: [200, 201, 202, 409] },
    {
      name: 'body over the limit with an honest Content-Length',
      headers: JSON_CT,
      body: `{"pad":"${'a'.repeat(over)}"}`,
      expect: [413],
      code: 'ZAK_PAYLOAD_TOO_LARGE',
    },
    {
      name: 'body over the limit, chunked (no Content-Length)',
      headers: JSON_CT,
      body: () => chunked(over, 64 * 1024),
      expect: [413],
      code: 'ZAK_PAYLOAD_TOO_LARGE',
    },
    {
      name: 'arrays nested 100,000 deep',
      headers: JSON_CT,
      body: withField('amount', nested(100_000, '[', ']', '1')),
      expect: [400],
    },
    {
      name: 'objects nested 50,000 deep',
      headers: JSON_CT,
      body: withField('x', nested(50_000, '{"a":', '}', '1')),
      expect: [400],
    },
    {
      name: 'truncated JSON',
      headers: JSON_CT,
      body: valid.slice(0, -3),
      expect: [400],
      code: 'ZAK_MALFORMED_BODY',
    },
    {
      name: 'trailing garbage',
      headers: JSON_CT,
      body: `${valid} x`,
      expect: [400],
      code: 'ZAK_MALFORMED_BODY',
    },
    {
      name: 'trailing comma',
      headers: JSON_CT,
      body: `${valid.slice(0, -1)},}`,
      expect: [400],
      code: 'ZAK_MALFORMED_BODY',
    },
    {
      name: 'NaN literal',
      headers: JSON_CT,
      body: withField('n', 'NaN'),
      expect: [400],
      code: 'ZAK_MALFORMED_BODY',
    },
    { name: 'empty JSON body', headers: JSON_CT, body: '', expect: [400] },
    { name: 'JSON null', headers: JSON_CT, body: 'null', expect: [400] },
    { name: 'JSON array', headers: JSON_CT, body: '[]', expect: [400] },
    { name: 'JSON string', headers: JSON_CT, body: '"x"', expect: [400] },
    {
      name: '__proto__ key',
      headers: JSON_CT,
      body: withField('__proto__', '{"admin":true}'),
      expect: [400],
    },
    {
      name: 'constructor.prototype key',
      headers: JSON_CT,
      body: withField('constructor', '{"prototype":{"admin":true}}'),
      expect: [400],
    },
    {
      name: 'non-UTF-8 bytes inside a string',
      headers: JSON_CT,
      body: Buffer.concat([
        Buffer.from('{"amount":"'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        Buffer.from('"}'),
      ]),
      expect: [400],
    },
    {
      name: 'UTF-16LE body declared as UTF-16',
      headers: { 'content-type': 'application/json; charset=utf-16' },
      body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid, 'utf16le')]),
      expect: [400, 415],
    },
    {
      name: 'UTF-8 byte order mark',
      headers: JSON_CT,
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)]),
      expect: [200, 201, 202, 400, 409],
    },
    { name: 'lone surrogate escape', headers: JSON_CT, body: withField('s', '"\\ud800"'), expect: [400] },
    { name: 'NUL escape in a value', headers: JSON_CT, body: withField('s', '"a\\u0000b"'), expect: [400] },
    // Fastify reads text/plain as a string, which then fails the body's object schema: a 400 naming `body`.
    {
      name: 'text/plain content type',
      headers: { 'content-type': 'text/plain' },
      body: valid,
      expect: [400, 415],
    },
    {
      name: 'form-encoded content type',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'amount=1',
      expect: [415],
    },
    {
      name: 'multipart content type',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="amount"\r\n\r\n1\r\n--x--\r\n',
      expect: [415],
    },
    { name: 'broken content type', headers: { 'content-type': ';;;=' }, body: valid, expect: [400, 415] },
    {
      name: 'JSON with a foreign charset',
      headers: { 'content-type': 'application/json; charset=iso-8859-1' },
      body: valid,
      expect: [200, 201, 202, 400, 409, 415],
    },
    { name: 'a GET with a body', method: 'GET', headers: JSON_CT, body: valid, expect: [200, 400, 404] },
    { name: 'TRACE', method: 'TRACE', expect: [404, 405] },
    { name: 'malformed percent-encoding in the path', path: '/%E0%A4%A', expect: [400, 404] },
    { name: 'path traversal', path: '/../../etc/passwd', expect: [400, 404] },
    { name: 'a 60 KB path', path: `/${'a'.repeat(60_000)}`, expect: [400, 404, 414, 431] },
    {
      name: 'malformed query string',
      path: `${t.jsonPath}?%=%&a[b]=1&a=2`,
      headers: JSON_CT,
      body: valid,
      expect: [200, 201, 202, 400, 409],
    },
  ];
  if (t.name.endsWith('calc')) cases.push(...calcBoundaries());
  if (t.name.endsWith('risk')) cases.push(...riskBoundaries());
  return cases;
}

/** Money at and past its bounds (0 … 10^15, two decimals), numbers JSON can write but money cannot hold. */
function calcBoundaries(): HostileCase[] {
  const raw = (amount: string) => `{"amount":${amount},"date":"2026-03-01"}`;
  const ok = [200];
  const bad = [400];
  const list: Array<[string, string, number[]]> = [
    ['zero', raw('0'), ok],
    ['negative zero', raw('-0'), ok],
    ['one tiyn', raw('"0.01"'), ok],
    ['10^15 exactly', raw('1000000000000000'), ok],
    ['10^15 as a string with decimals', raw('"999999999999999.99"'), ok],
    ['10^15 + 0.01', raw('"1000000000000000.01"'), bad],
    ['2^53 + 1 as a JSON number', raw('9007199254740993'), bad],
    ['1e308', raw('1e308'), bad],
    ['1e309 (Infinity in JavaScript)', raw('1e309'), bad],
    ['5e-324', raw('5e-324'), bad],
    ['three decimals', raw('"1.005"'), bad],
    ['exponent in a string', raw('"1e3"'), bad],
    ['a 40-digit string', raw(`"${'9'.repeat(40)}"`), bad],
    ['a 41-digit string', raw(`"${'9'.repeat(41)}"`), bad],
    ['a 100,000-digit JSON number', raw('9'.repeat(100_000)), bad],
    ['negative one tiyn', raw('"-0.01"'), bad],
    ['boolean', raw('true'), bad],
    ['vat_rate 100', `{"amount":1,"vat_rate":100}`, ok],
    ['vat_rate 100.0001', `{"amount":1,"vat_rate":"100.0001"}`, bad],
    ['date 0000-01-01', `{"amount":1,"date":"0000-01-01"}`, [200, 400]],
    ['date 9999-12-31', `{"amount":1,"date":"9999-12-31"}`, [200, 400]],
    ['date 2026-02-30', `{"amount":1,"date":"2026-02-30"}`, bad],
  ];
  const out: HostileCase[] = list.map(([name, body, expect]) => ({
    name: `boundary: ${name}`,
    headers: JSON_CT,
    body,
    expect,
  }));
  const penalty = (days: string) =>
    `{"contract_sum":"1000","days_overdue":${days},"contract_type":"goods","party":"supplier"}`;
  for (const [days, expect] of [
    ['36500', ok],
    ['36501', bad],
    ['-1', bad],
    ['1.5', bad],
    ['1e21', bad],
    ['"0036500"', bad],
  ] as const)
    out.push({
      name: `boundary: days_overdue ${days}`,
      path: '/penalty',
      headers: JSON_CT,
      body: penalty(days),
      expect: [...expect],
    });
  for (const [limit, expect] of [
    ['1', ok],
    ['100', ok],
    ['0', bad],
    ['101', bad],
    ['-1', bad],
    ['1.5', bad],
    ['99999999999999999999', bad],
    ['', bad],
  ] as const)
    out.push({
      name: `boundary: history limit=${limit}`,
      method: 'GET',
      path: `/calc/history?limit=${limit}`,
      expect: [...expect],
    });
  return out;
}

function riskBoundaries(): HostileCase[] {
  const lot = (patch: string) => `${JSON.stringify(LOT).slice(0, -1)},${patch}}`;
  const out: HostileCase[] = [];
  for (const [name, patch, expect] of [
    ['finYear 2100', '"finYear":2100', [200]],
    ['finYear 2101', '"finYear":2101', [400]],
    ['finYear 2^53', '"finYear":9007199254740992', [400]],
    ['participants 2^31', '"participants":2147483648', [200, 400]],
    ['participants -1', '"participants":-1', [400]],
    [
      'award dated 0000-01-01',
      '"award":{"supplierBin":"100000000205","date":"0000-01-01","price":"1","priceIncludesVat":true}',
      [200, 400],
    ],
    ['bid window in year 9999', '"bidWindow":{"start":"9999-12-30","end":"9999-12-31"}', [200, 400]],
    ['10,000 offers', `"offers":[${Array(10_000).fill('"1.00"').join(',')}]`, [200, 400]],
    ['10,001 offers', `"offers":[${Array(10_001).fill('"1.00"').join(',')}]`, [400]],
    [
      'unit price 10^15 + 0.01',
      '"item":{"code":"x","unit":"y","quantity":"1","unitPrice":"1000000000000000.01"}',
      [400],
    ],
    ['quantity 1e-400', '"item":{"code":"x","unit":"y","quantity":1e-400,"unitPrice":"1"}', [400]],
  ] as const) {
    // `finYear` is already in the lot: a repeated key is JSON the parser accepts, the last one wins.
    out.push({ name: `boundary: ${name}`, headers: JSON_CT, body: lot(patch), expect: [...expect] });
  }
  for (const [bin, expect] of [
    ['900101300017', [200]],
    ['900101300018', [400]],
    [`${'1'.repeat(12)}?asOf=0000-01-01`, [400]],
    ['900101300017?asOf=2026-02-30', [400]],
  ] as const)
    out.push({ name: `boundary: rnu ${bin}`, method: 'GET', path: `/rnu/${bin}`, expect: [...expect] });
  return out;
}

/** A stream of `total` bytes of a JSON string value, in chunks: the sender does not announce a length. */
function chunked(total: number, chunk: number): ReadableStream<Uint8Array> {
  let sent = 0;
  const piece = new TextEncoder().encode('a'.repeat(chunk));
  return new ReadableStream({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode('{"pad":"'));
      if (sent >= total) {
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
        return;
      }
      controller.enqueue(piece);
      sent += chunk;
    },
  });
}

/** Sends one case and judges the answer. */
export async function sendHostile(t: HostileTarget, c: HostileCase, n: number): Promise<HostileOutcome> {
  const url = `${t.baseUrl}${c.path ?? t.jsonPath}`;
  const method = c.method ?? 'POST';
  const body = typeof c.body === 'function' ? c.body() : c.body;
  // fetch refuses a GET with a body and the TRACE method: those go out raw.
  if ((method === 'GET' && body !== undefined) || method === 'TRACE') return sendRaw(t, c, n);
  let status = 0;
  let text = '';
  try {
    const res = await fetch(url, {
      method,
      headers: { ...t.headers, 'x-forwarded-for': `198.18.200.${n % 250}`, ...(c.headers ?? {}) },
      ...(body !== undefined && method !== 'GET' ? { body, duplex: 'half' } : {}),
      signal: AbortSignal.timeout(30_000),
    } as RequestInit);
    status = res.status;
    text = await res.text();
  } catch (e) {
    // The server may answer 413 and close while the body is still streaming: that is the expected outcome.
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    if (c.expect.includes(413) && /EPIPE|ECONNRESET|UND_ERR_SOCKET|other side closed/.test(cause))
      return { target: t.name, name: c.name, status: 413, ok: true };
    return { target: t.name, name: c.name, status: 0, ok: false, problem: `request failed: ${cause}` };
  }
  return judge(t, c, status, text);
}

function judge(t: HostileTarget, c: HostileCase, status: number, text: string): HostileOutcome {
  const base = { target: t.name, name: c.name, status };
  if (status >= 500) return { ...base, ok: false, problem: `server error ${status}: ${text.slice(0, 300)}` };
  if (!c.expect.includes(status))
    return {
      ...base,
      ok: false,
      problem: `status ${status}, expected ${c.expect.join('/')}: ${text.slice(0, 300)}`,
    };
  // Node answers 414/431 itself before any service code runs; every other 4xx must be the uniform body.
  if (status >= 400 && status !== 414 && status !== 431) {
    let body: { error?: { code?: unknown; message?: unknown; requestId?: unknown } } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      /* judged below */
    }
    const e = body?.error;
    if (
      !e ||
      typeof e.code !== 'string' ||
      !e.code.startsWith('ZAK_') ||
      typeof e.message !== 'string' ||
      typeof e.requestId !== 'string'
    )
      return { ...base, ok: false, problem: `not the uniform error body: ${text.slice(0, 300)}` };
    if (c.code && e.code !== c.code)
      return { ...base, ok: false, problem: `code ${String(e.code)}, expected ${c.code}` };
    if (/\bat .+:\d+:\d+\)?$/m.test(text) || /SELECT |INSERT |node_modules/.test(text))
      return { ...base, ok: false, problem: `error body carries a stack or SQL: ${text.slice(0, 300)}` };
  }
  return { ...base, ok: true };
}

/** A request written to the socket by hand, for what fetch will not send. */
function sendRaw(t: HostileTarget, c: HostileCase, n: number): Promise<HostileOutcome> {
  const u = new URL(`${t.baseUrl}${c.path ?? t.jsonPath}`);
  const body = typeof c.body === 'string' || Buffer.isBuffer(c.body) ? Buffer.from(c.body) : Buffer.alloc(0);
  const head = [
    `${c.method ?? 'POST'} ${u.pathname}${u.search} HTTP/1.1`,
    `Host: ${u.host}`,
    `X-Forwarded-For: 198.18.201.${n % 250}`,
    ...Object.entries({ ...t.headers, ...(c.headers ?? {}) }).map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${body.length}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  return rawExchange(u, Buffer.concat([Buffer.from(head), body])).then(({ status, text }) =>
    status === 0
      ? { target: t.name, name: c.name, status, ok: false, problem: 'no answer' }
      : judge(t, c, status, text.slice(text.indexOf('\r\n\r\n') + 4)),
  );
}

/** Writes `bytes` and reads until the server closes (a half-close by the client reads as an abort to Node). */
function rawExchange(
  u: URL,
  bytes: Buffer,
  endAfterWrite = false,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const socket = connect(Number(u.port), u.hostname);
    let text = '';
    const done = () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    socket.setTimeout(15_000, () => socket.destroy());
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('close', done);
    socket.on('error', () => {});
    socket.write(bytes, () => {
      if (endAfterWrite) socket.end();
    });
  });
}

/** HTTP framing tricks, sent raw to one base URL: each must get a 4xx (or a close), never a 5xx or a hang. */
export async function framingCases(name: string, baseUrl: string, path: string): Promise<HostileOutcome[]> {
  const u = new URL(`${baseUrl}${path}`);
  const host = `Host: ${u.host}`;
  const p = `${u.pathname}`;
  const cases: Array<[string, string, boolean?]> = [
    [
      'Content-Length and Transfer-Encoding together',
      `POST ${p} HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ],
    [
      'two different Content-Lengths',
      `POST ${p} HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
    ],
    [
      'a negative Content-Length',
      `POST ${p} HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}`,
    ],
    [
      'a broken chunk size',
      `POST ${p} HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    ],
    ['a 32 KB header', `GET ${p} HTTP/1.1\r\n${host}\r\nX-Big: ${'a'.repeat(32 * 1024)}\r\n\r\n`],
    ['a control character in a header', `GET ${p} HTTP/1.1\r\n${host}\r\nX-Bad: a\u0001b\r\n\r\n`],
    [
      'a body shorter than its Content-Length, then close',
      `POST ${p} HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"amount":`,
      true,
    ],
  ];
  const out: HostileOutcome[] = [];
  for (const [caseName, raw, halfClose] of cases) {
    const { status, text } = await rawExchange(u, Buffer.from(raw, 'latin1'), halfClose);
    const ok = status === 0 || (status >= 400 && status < 500);
    out.push({
      target: name,
      name: `framing: ${caseName}`,
      status,
      ok,
      ...(ok ? {} : { problem: `status ${status}: ${text.slice(0, 200)}` }),
    });
  }
  return out;
}

/** Every case against every target, one at a time, then a health check of each target's service. */
export async function runHostile(p: Platform): Promise<HostileOutcome[]> {
  const out: HostileOutcome[] = [];
  let n = 0;
  for (const t of hostileTargets(p)) {
    for (const c of hostileCases(t)) out.push(await sendHostile(t, c, n++));
    out.push(...(await framingCases(t.name, t.baseUrl, t.jsonPath)));
  }
  for (const [name, url] of [...Object.entries(p.urls), ['gateway', p.gatewayUrl]] as Array<
    [string, string]
  >) {
    const r = await fetch(`${url}/health`).catch(() => undefined);
    out.push({
      target: name,
      name: 'still healthy afterwards',
      status: r?.status ?? 0,
      ok: r?.status === 200,
    });
  }
  return out;
}

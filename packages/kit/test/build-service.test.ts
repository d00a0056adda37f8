import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import { Redactor } from '@zakupai/secrets';
import { ZakError } from '@zakupai/errors';
import { buildService, createLogger, createMetrics, type ServiceOptions } from '@zakupai/kit';
import { captureStream } from '@zakupai/testing/capture-stream';
import { plant } from '@zakupai/testing/leak-audit';

const PLANTED = 's3cr3t-planted-value-42';
plant(PLANTED);

async function makeApp(extra: Partial<ServiceOptions> = {}) {
  const redactor = new Redactor();
  redactor.add(PLANTED);
  const out = captureStream();
  const logger = createLogger({ service: 'kit-test', redactor, destination: out, level: 'debug' });
  const metrics = createMetrics('kit-test');
  const app = await buildService({ name: 'kit-test', version: '1.0.0', logger, metrics, ...extra });
  app.post(
    '/echo/:id',
    {
      schema: {
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object(
          { amount: Type.String({ pattern: '^[0-9]+$' }), note: Type.Optional(Type.String()) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => ({ id: req.params.id, amount: req.body.amount }),
  );
  app.get('/boom', async () => {
    throw new Error(`db said: password=${PLANTED} at SELECT * FROM secret_table`);
  });
  app.get('/gone', async () => {
    throw new ZakError('ZAK_THING_NOT_FOUND', 'not_found', 'thing 7 not found');
  });
  await app.ready();
  return { app, out, metrics };
}

test('valid request passes; request id is echoed or created', async () => {
  const { app } = await makeApp();
  const ok = await app.inject({
    method: 'POST',
    url: '/echo/5',
    payload: { amount: '12' },
    headers: { 'x-request-id': 'abc-123' },
  });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json(), { id: 5, amount: '12' });
  assert.equal(ok.headers['x-request-id'], 'abc-123');
  const fresh = await app.inject({
    method: 'POST',
    url: '/echo/5',
    payload: { amount: '12' },
    headers: { 'x-request-id': 'bad id with spaces' },
  });
  assert.match(String(fresh.headers['x-request-id']), /^[0-9a-f-]{36}$/);
});

test('validation errors name the field, with the uniform body', async () => {
  const { app } = await makeApp();
  const cases: Array<[unknown, string]> = [
    [{ amount: 'x1' }, 'body.amount'],
    [{}, 'body.amount'],
    [{ amount: '1', extra: true }, 'body.extra'],
  ];
  for (const [payload, field] of cases) {
    const r = await app.inject({
      method: 'POST',
      url: '/echo/5',
      payload: payload as object,
      headers: { 'x-request-id': 'rid-1' },
    });
    assert.equal(r.statusCode, 400, JSON.stringify(payload));
    const body = r.json();
    assert.equal(body.error.code, 'ZAK_VALIDATION');
    assert.equal(body.error.field, field);
    assert.equal(body.error.requestId, 'rid-1');
    assert.match(body.error.message, new RegExp(field.replace('.', '\\.')));
  }
  const p = await app.inject({ method: 'POST', url: '/echo/0', payload: { amount: '1' } });
  assert.equal(p.statusCode, 400);
  assert.equal(p.json().error.field, 'params.id');
});

test('malformed JSON is a 400, an unknown route a uniform 404', async () => {
  const { app } = await makeApp();
  const bad = await app.inject({
    method: 'POST',
    url: '/echo/1',
    payload: '{"amount": ',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'ZAK_MALFORMED_BODY');
  const nf = await app.inject({ method: 'GET', url: '/nope?x=1' });
  assert.equal(nf.statusCode, 404);
  assert.equal(nf.json().error.code, 'ZAK_ROUTE_NOT_FOUND');
  const gone = await app.inject({ method: 'GET', url: '/gone' });
  assert.equal(gone.statusCode, 404);
  assert.equal(gone.json().error.code, 'ZAK_THING_NOT_FOUND');
});

test('a 500 carries no stack, SQL or secret, and the log line is redacted', async () => {
  const { app, out } = await makeApp();
  const r = await app.inject({ method: 'GET', url: '/boom' });
  assert.equal(r.statusCode, 500);
  assert.deepEqual(Object.keys(r.json().error).sort(), ['code', 'message', 'requestId']);
  assert.equal(r.json().error.message, 'internal error');
  assert.ok(!r.body.includes('SELECT') && !r.body.includes(PLANTED) && !r.body.includes('at '));
  const logs = out.text();
  assert.ok(logs.includes('request failed'), 'the failure is logged');
  assert.ok(!logs.includes(PLANTED), 'planted secret absent from logs');
  assert.ok(logs.includes('[REDACTED]'));
});

test('413 is counted by bytes read, not by Content-Length', async () => {
  const { app } = await makeApp({ bodyLimitBytes: 64 });
  const big = JSON.stringify({ amount: '1'.repeat(200) });
  const declared = await app.inject({
    method: 'POST',
    url: '/echo/1',
    payload: big,
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(declared.statusCode, 413);
  assert.equal(declared.json().error.code, 'ZAK_PAYLOAD_TOO_LARGE');
  // A lying Content-Length: small header, large body.
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const res = await fetch(`http://127.0.0.1:${port}/echo/1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);
  assert.equal(res.status, 413);
  await app.close();
});

test('rate limit answers 429 with Retry-After and the uniform body', async () => {
  const { app } = await makeApp({ rateLimit: { max: 3, windowMs: 60_000 } });
  const codes: number[] = [];
  let last;
  for (let i = 0; i < 5; i++) {
    last = await app.inject({ method: 'POST', url: '/echo/1', payload: { amount: '1' } });
    codes.push(last.statusCode);
  }
  assert.deepEqual(codes, [200, 200, 200, 429, 429]);
  assert.equal(last!.json().error.code, 'ZAK_RATE_LIMITED');
  assert.ok(Number(last!.headers['retry-after']) >= 1);
  const health = await app.inject({ method: 'GET', url: '/health' });
  assert.equal(health.statusCode, 200, 'health is never limited');
});

test('http histogram uses the route template, never the raw URL', async () => {
  const { app, metrics } = await makeApp();
  await app.inject({ method: 'POST', url: '/echo/77', payload: { amount: '1' } });
  await app.inject({ method: 'GET', url: '/no/such/path/123' });
  const text = await metrics.registry.metrics();
  assert.match(
    text,
    /http_request_duration_seconds_count\{service="kit-test",method="POST",route="\/echo\/:id",status_code="200"\} 1/,
  );
  assert.match(text, /route="unmatched",status_code="404"/);
  assert.ok(!text.includes('/echo/77') && !text.includes('/no/such/path'));
  assert.match(text, /process_cpu_seconds_total/);
});

test('/ready reports each check and 503 when a dependency fails; /openapi.json lists routes', async () => {
  let dbUp = true;
  const { app } = await makeApp({
    checks: {
      database: async () => {
        if (!dbUp) throw new Error(`connect failed for ${PLANTED}`);
      },
    },
  });
  const ok = await app.inject({ method: 'GET', url: '/ready' });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json().checks, { database: 'ok' });
  dbUp = false;
  const down = await app.inject({ method: 'GET', url: '/ready' });
  assert.equal(down.statusCode, 503);
  assert.deepEqual(down.json().checks, { database: 'error' });
  assert.ok(!down.body.includes(PLANTED));
  const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  assert.equal(spec.openapi, '3.0.3');
  assert.ok(spec.paths['/echo/{id}'].post);
});

test('behind the gateway, limits count the forwarded client, not the proxy address', async () => {
  const { app } = await makeApp({ rateLimit: { max: 2, windowMs: 60_000 } });
  const send = (client: string) =>
    app.inject({
      method: 'POST',
      url: '/echo/1',
      payload: { amount: '1' },
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': client },
    });
  assert.deepEqual(
    [
      (await send('203.0.113.7')).statusCode,
      (await send('203.0.113.7')).statusCode,
      (await send('203.0.113.7')).statusCode,
    ],
    [200, 200, 429],
  );
  assert.equal(
    (await send('198.51.100.9')).statusCode,
    200,
    'another client behind the same proxy has its own budget',
  );
  const spoofed = await app.inject({
    method: 'POST',
    url: '/echo/1',
    payload: { amount: '1' },
    remoteAddress: '8.8.8.8',
    headers: { 'x-forwarded-for': '198.51.100.10' },
  });
  assert.equal(spoofed.statusCode, 200);
  const again = await app.inject({
    method: 'POST',
    url: '/echo/1',
    payload: { amount: '1' },
    remoteAddress: '8.8.8.8',
    headers: { 'x-forwarded-for': '198.51.100.11' },
  });
  const third = await app.inject({
    method: 'POST',
    url: '/echo/1',
    payload: { amount: '1' },
    remoteAddress: '8.8.8.8',
    headers: { 'x-forwarded-for': '198.51.100.12' },
  });
  assert.equal(third.statusCode, 429, 'an untrusted peer cannot pick a fresh identity with X-Forwarded-For');
  assert.equal(again.statusCode, 200);
});

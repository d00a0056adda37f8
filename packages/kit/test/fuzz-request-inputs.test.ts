import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import { Redactor } from '@zakupai/secrets';
import { buildService, createLogger, createMetrics } from '@zakupai/kit';
import { nulCharacterAt } from '../src/request-validation.ts';
import { captureStream } from '@zakupai/testing/capture-stream';

/*
 * Regressions for what the fuzz run (test/fuzz) found in the kit's request handling:
 * - fuzz-body-coercion: JSON bodies were validated with type coercion, so `null` became 0, `false` became "false"
 *   and a lone object became a one-item array, and the request was accepted as if the client had meant it;
 * - fuzz-framework-errors: an over-long path parameter (414) and a malformed percent-encoding (400) were answered
 *   by Fastify's own body `{"error":"Bad Request","code":"FST_ERR_…","statusCode":…}`, echoing the path;
 * - fuzz-nul-character: U+0000 in a string passed validation and failed in PostgreSQL as a 500.
 */
async function makeApp() {
  const logger = createLogger({
    service: 'kit-fuzz',
    redactor: new Redactor(),
    destination: captureStream(),
  });
  const app = await buildService({
    name: 'kit-fuzz',
    version: '1.0.0',
    logger,
    metrics: createMetrics('kit-fuzz'),
  });
  app.post(
    '/things/:id',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 128 }) }),
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer()),
          tag: Type.Optional(Type.Array(Type.String())),
        }),
        body: Type.Object(
          {
            n: Type.Optional(Type.Integer()),
            flag: Type.Optional(Type.Boolean()),
            tags: Type.Optional(Type.Array(Type.String())),
            owner: Type.Optional(Type.String()),
            extra: Type.Optional(Type.Unknown()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => ({ id: req.params.id, query: req.query, body: req.body }),
  );
  await app.ready();
  return app;
}

test('fuzz-body-coercion: a JSON body is validated as sent, never coerced', async () => {
  const app = await makeApp();
  const cases: Array<[object, string]> = [
    [{ n: null }, 'body.n'],
    [{ n: '7' }, 'body.n'],
    [{ flag: 'true' }, 'body.flag'],
    [{ flag: 0 }, 'body.flag'],
    [{ tags: [false] }, 'body.tags.0'],
    [{ tags: 'one' }, 'body.tags'],
  ];
  for (const [payload, field] of cases) {
    const r = await app.inject({ method: 'POST', url: '/things/a', payload });
    assert.equal(r.statusCode, 400, JSON.stringify(payload));
    assert.equal(r.json().error.code, 'ZAK_VALIDATION');
    assert.equal(r.json().error.field, field, JSON.stringify(payload));
  }
  const ok = await app.inject({
    method: 'POST',
    url: '/things/a',
    payload: { n: 7, flag: false, tags: ['x'] },
  });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json().body, { n: 7, flag: false, tags: ['x'] });
});

test('fuzz-body-coercion: URL parts are text and are still read as their declared types', async () => {
  const app = await makeApp();
  const r = await app.inject({ method: 'POST', url: '/things/a?limit=20&tag=x', payload: {} });
  assert.equal(r.statusCode, 200);
  assert.deepEqual(r.json().query, { limit: 20, tag: ['x'] });
  const bad = await app.inject({ method: 'POST', url: '/things/a?limit=many', payload: {} });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.field, 'querystring.limit');
});

test('fuzz-framework-errors: a malformed URL or an over-long parameter gets the uniform 400 body', async () => {
  const app = await makeApp();
  for (const [url, code] of [
    [`/things/${'0'.repeat(129)}`, 'ZAK_PARAM_TOO_LONG'],
    ['/things/%E0%A4%A', 'ZAK_BAD_URL'],
  ] as const) {
    const r = await app.inject({ method: 'POST', url, payload: {}, headers: { 'x-request-id': 'rid-fw' } });
    assert.equal(r.statusCode, 400, url);
    assert.deepEqual(Object.keys(r.json()), ['error']);
    assert.equal(r.json().error.code, code);
    assert.equal(r.json().error.requestId, 'rid-fw');
    assert.equal(r.headers['x-request-id'], 'rid-fw');
    assert.ok(!r.body.includes('0000000000'), 'the path is not echoed');
  }
});

test('fuzz-nul-character: U+0000 in a body, a query or a parameter is a 400 naming the field', async () => {
  const app = await makeApp();
  const cases: Array<[string, object, string]> = [
    ['/things/a', { owner: 'ab\u0000c' }, 'body.owner'],
    ['/things/a', { tags: ['ok', 'x\u0000'] }, 'body.tags.1'],
    ['/things/a', { extra: { deep: [{ 'k\u0000': 1 }] } }, 'body.extra.deep.0'],
    ['/things/a?tag=%00', {}, 'querystring.tag'],
    ['/things/a%00b', {}, 'params.id'],
  ];
  for (const [url, payload, field] of cases) {
    const r = await app.inject({ method: 'POST', url, payload });
    assert.equal(r.statusCode, 400, url);
    assert.equal(r.json().error.field, field, url);
  }
});

test('fuzz-nul-character: the scan is iterative, so a deeply nested body cannot overflow the stack', () => {
  let deep: unknown = 'x\u0000';
  for (let i = 0; i < 200_000; i++) deep = [deep];
  assert.equal(nulCharacterAt(deep, 'body'), `body${'.0'.repeat(200_000)}`);
});

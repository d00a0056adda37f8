import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import { Redactor } from '@zakupai/secrets';
import { ZakError } from '@zakupai/errors';
import { buildService, createLogger, createMetrics } from '@zakupai/kit';
import { captureStream } from '@zakupai/testing/capture-stream';

async function makeApp() {
  const logger = createLogger({
    service: 'kit-schemas',
    redactor: new Redactor(),
    destination: captureStream(),
  });
  const app = await buildService({
    name: 'kit-schemas',
    version: '1.0.0',
    logger,
    metrics: createMetrics('kit-schemas'),
  });
  const Out = Type.Object({ amount: Type.String(), count: Type.Integer() }, { additionalProperties: false });
  app.get('/typed', { schema: { response: { 200: Out } } }, async (req) => {
    const q = req.query as { drift?: string; fail?: string };
    if (q.fail)
      throw new ZakError('ZAK_THING_INVALID', 'validation', 'thing is invalid', {
        field: 'querystring.fail',
      });
    // A handler that drifts from its schema: the body must show it, not hide it.
    if (q.drift)
      return { amount: null, count: 'seven', extra: 'kept' } as unknown as { amount: string; count: number };
    return { amount: '1.50', count: 7 };
  });
  app.get('/untyped', async () => ({ ok: true }));
  app.get('/hidden', { schema: { hide: true, response: { 200: Out } } }, async () => ({
    amount: '1',
    count: 1,
  }));
  await app.ready();
  return app;
}

test('a route that declares its success body documents the uniform error body for 4XX and 5XX', async () => {
  const app = await makeApp();
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const typed = doc.paths['/typed'].get.responses;
  assert.deepEqual(Object.keys(typed).sort(), ['200', '4XX', '5XX']);
  const err = typed['4XX'].content['application/json'].schema;
  assert.deepEqual(err.required, ['error']);
  assert.deepEqual(err.properties.error.required, ['code', 'message', 'requestId']);
  assert.equal(err.properties.error.additionalProperties, false);
  assert.deepEqual(typed['5XX'].content['application/json'].schema, err);
  // Without a response schema nothing is added (the route documents a default 200 only); hidden routes stay hidden.
  assert.deepEqual(Object.keys(doc.paths['/untyped'].get.responses), ['200']);
  assert.equal(doc.paths['/hidden'], undefined);
});

test('error answers of a typed route keep the uniform body', async () => {
  const app = await makeApp();
  const r = await app.inject({ method: 'GET', url: '/typed?fail=1', headers: { 'x-request-id': 'rid-9' } });
  assert.equal(r.statusCode, 400);
  assert.deepEqual(r.json(), {
    error: {
      code: 'ZAK_THING_INVALID',
      message: 'thing is invalid',
      requestId: 'rid-9',
      field: 'querystring.fail',
    },
  });
});

test('a response schema documents and never rewrites: drift shows in the body instead of being coerced away', async () => {
  const app = await makeApp();
  const ok = await app.inject({ method: 'GET', url: '/typed' });
  assert.deepEqual(ok.json(), { amount: '1.50', count: 7 });
  const drift = await app.inject({ method: 'GET', url: '/typed?drift=1' });
  assert.equal(drift.statusCode, 200);
  // A schema-driven serializer would answer {"amount":"","count":0} here and hide the bug from every check.
  assert.deepEqual(drift.json(), { amount: null, count: 'seven', extra: 'kept' });
});

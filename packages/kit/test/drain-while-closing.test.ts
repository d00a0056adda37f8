/**
 * Regression (chaos run, SIGTERM under load): a request that reached a service after its close had begun, but
 * before the listener was closed, got Fastify's own `503 {"error":"Service Unavailable"}` — no Retry-After, no
 * uniform error body, and through the gateway a failure for a request the service had accepted. While it drains,
 * the service now serves such a request and closes the connection after it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redactor } from '@zakupai/secrets';
import { buildService, createLogger, createMetrics } from '@zakupai/kit';
import { captureStream } from '@zakupai/testing/capture-stream';

function get(url: string): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('bare-503-on-close bug: a request arriving while the service starts to close is served, then the connection closes', async () => {
  const logger = createLogger({
    service: 'kit-drain',
    redactor: new Redactor(),
    destination: captureStream(),
    level: 'error',
  });
  const app = await buildService({
    name: 'kit-drain',
    version: '1.0.0',
    logger,
    metrics: createMetrics('kit-drain'),
  });
  app.get('/ping', async () => ({ pong: true }));
  // The steps of a service's stop that run before the listener closes (preClose), made slow enough to hit.
  let closing!: () => void;
  const closeBegun = new Promise<void>((r) => (closing = r));
  app.addHook('preClose', async () => {
    closing();
    await new Promise((r) => setTimeout(r, 400));
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/ping`;

  assert.equal((await get(url)).status, 200);
  const closed = app.close();
  await closeBegun;
  const during = await get(url);
  await closed;
  assert.equal(during.status, 200, during.body);
  assert.deepEqual(JSON.parse(during.body), { pong: true });
  assert.equal(during.connection, 'close');
  await assert.rejects(
    get(url),
    (e: { code?: string }) => e.code === 'ECONNREFUSED',
    'closed for good afterwards',
  );
});

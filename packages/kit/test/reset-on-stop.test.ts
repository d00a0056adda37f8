/**
 * Regression (chaos run, SIGTERM of the gateway under load): a client that had connected and sent its request
 * just before the stop got ECONNRESET instead of an answer. The kernel had accepted the connection into the listen
 * backlog, and closing the listening socket in the same turn of the event loop resets everything queued there.
 * The stop now takes the backlog first, closes the listener, and answers with `Connection: close`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Redactor } from '@zakupai/secrets';
import { buildService, createLogger, createMetrics, readServiceEnv, runService } from '@zakupai/kit';
import { captureStream } from '@zakupai/testing/capture-stream';

test('reset-on-stop bug: a request already queued in the listen backlog when the stop begins is answered', async () => {
  const logger = createLogger({
    service: 'kit-stop',
    redactor: new Redactor(),
    destination: captureStream(),
    level: 'error',
  });
  const metrics = createMetrics('kit-stop');
  const app = await buildService({ name: 'kit-stop', version: '1.0.0', logger, metrics });
  app.get('/ping', async () => ({ pong: true }));
  await app.ready();
  const env = readServiceEnv({ PORT: '0', METRICS_PORT: '0' }, { port: 0, metricsPort: 0 });
  const svc = await runService({ name: 'kit-stop', app, env, logger, metrics });
  const { port } = new URL(svc.url);

  const socket = connect(Number(port), '127.0.0.1');
  socket.write(`GET /ping HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  let answer = '';
  const ended = new Promise<string>((resolve) => {
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(`${answer}error ${e.code}`));
    socket.on('close', () => resolve(answer));
  });
  // Keep the event loop busy while the kernel completes the handshake: the connection waits in the backlog, not
  // yet accepted by the server, as under load when the SIGTERM is handled.
  const until = Date.now() + 100;
  while (Date.now() < until) {
    /* busy */
  }
  const stopped = svc.stop();
  const response = await ended;
  await stopped;
  assert.match(response, /^HTTP\/1\.1 200 OK\r\n/, `got: ${response.slice(0, 80) || '(nothing)'}`);
  assert.match(response, /\r\nconnection: close\r\n/i);
  assert.match(response, /\{"pong":true\}$/);
  await assert.rejects(fetch(`${svc.url}/ping`), 'no new connections after the stop');
});

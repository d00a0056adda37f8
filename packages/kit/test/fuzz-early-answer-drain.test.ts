import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Type } from 'typebox';
import { Redactor } from '@zakupai/secrets';
import { buildService, createLogger, createMetrics } from '@zakupai/kit';
import { captureStream } from '@zakupai/testing/capture-stream';

/*
 * fuzz-early-answer-drain (found by the hostile set, through the gateway): a service that answered 413 while the
 * body was still arriving closed the connection with unread bytes, so the kernel reset it and the gateway lost the
 * answer (a 503 instead of the 413); a gateway that answered while the client's body was still streaming left the
 * rest unread on a keep-alive connection and the client's next request on it hung. Now the rest of the body is
 * read and discarded first: the answer arrives and the connection stays usable.
 */
async function listen() {
  const logger = createLogger({
    service: 'kit-drain',
    redactor: new Redactor(),
    destination: captureStream(),
  });
  const app = await buildService({
    name: 'kit-drain',
    version: '1.0.0',
    logger,
    metrics: createMetrics('kit-drain'),
    bodyLimitBytes: 1024,
  });
  app.post('/echo', { schema: { body: Type.Object({ a: Type.String() }) } }, async (req) => ({
    a: req.body.a,
  }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.server.address() as AddressInfo).port };
}

/** Writes `parts` in order on one connection and collects everything read until `answers` responses arrived. */
function exchange(port: number, parts: Buffer[], answers: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timed out; read so far: ${JSON.stringify(text.slice(0, 600))}`));
    }, 10_000);
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]!);
      if (statuses.length >= answers) {
        clearTimeout(timer);
        socket.destroy();
        resolve(statuses);
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    (async () => {
      for (const p of parts) {
        if (!socket.write(p)) await new Promise((r) => socket.once('drain', r));
      }
    })().catch(() => {});
  });
}

const big = 200 * 1024;
const followUp = Buffer.from(
  'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{"a":"b"}',
);

test('fuzz-early-answer-drain: after a 413 on a declared length, the next request on the connection is answered', async () => {
  const { app, port } = await listen();
  try {
    const head = Buffer.from(
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${big}\r\n\r\n`,
    );
    const body = Array.from({ length: big / 8192 }, () => Buffer.alloc(8192, 0x61));
    assert.deepEqual(await exchange(port, [head, ...body, followUp], 2), ['413', '200']);
  } finally {
    await app.close();
  }
});

test('fuzz-early-answer-drain: after a 413 on a chunked body, the next request on the connection is answered', async () => {
  const { app, port } = await listen();
  try {
    const head = Buffer.from(
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = Buffer.concat([Buffer.from('2000\r\n'), Buffer.alloc(0x2000, 0x61), Buffer.from('\r\n')]);
    const chunks = Array.from({ length: 25 }, () => chunk);
    assert.deepEqual(await exchange(port, [head, ...chunks, Buffer.from('0\r\n\r\n'), followUp], 2), [
      '413',
      '200',
    ]);
  } finally {
    await app.close();
  }
});

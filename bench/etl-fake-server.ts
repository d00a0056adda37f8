/**
 * The fake OWS v3 server in its own process for the ETL benchmark: the real API is another machine, so it must not
 * share the ETL's event loop. Arguments: the number of lots, the data seed, and the mode:
 * - `live`: the fake builds every page when asked (its CPU competes with the ETL's and PostgreSQL's);
 * - `replay` (default): the fake's lots walk (`/v3/lots?limit=500`, then each `next_page`) is recorded first, byte
 *   for byte, to a file, and those pages are served from it. The real portal spends its own CPU, not ours, and the
 *   COPY baseline's input is rendered before its clock starts too, so this is the like-for-like setting. Any other
 *   request goes to the live fake.
 * Prints the URL as one line once ready; stops on SIGTERM.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { FakeGoszakup } from '@zakupai/testing/fake-goszakup';

const TOKEN = 'fake-token';
const lots = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 5);
const mode = process.argv[4] ?? 'replay';

const fake = await FakeGoszakup.start({ lots, seed, token: TOKEN });
if (mode === 'live') {
  process.stdout.write(`${fake.url}\n`);
  process.once('SIGTERM', () => void fake.close().then(() => process.exit(0)));
} else {
  const dir = await mkdtemp(join(tmpdir(), 'zk-bench-fake-'));
  const file = await open(join(dir, 'pages'), 'w+');
  const index = new Map<string, { offset: number; length: number }>();
  let offset = 0;
  for (let path: string | null = '/v3/lots?limit=500'; path;) {
    const res = await fetch(`${fake.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (res.status !== 200) throw new Error(`recording ${path}: HTTP ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    await file.write(body, 0, body.length, offset);
    index.set(path, { offset, length: body.length });
    offset += body.length;
    path = (JSON.parse(body.toString('utf8')) as { next_page?: string }).next_page || null;
  }

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const up = request(`${fake.url}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  };
  const server = createServer((req, res) => {
    const hit = req.method === 'GET' ? index.get(req.url ?? '') : undefined;
    if (!hit || req.headers.authorization !== `Bearer ${TOKEN}`) return forward(req, res);
    const buf = Buffer.allocUnsafe(hit.length);
    file.read(buf, 0, hit.length, hit.offset).then(
      () => {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': hit.length,
        });
        res.end(buf);
      },
      () => res.destroy(),
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close();
    void Promise.all([fake.close(), file.close()])
      .then(() => rm(dir, { recursive: true, force: true }))
      .then(() => process.exit(0));
  });
}

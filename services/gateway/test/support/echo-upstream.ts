import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  bodyBytes: number;
  bodySha256: string;
}

export interface EchoUpstream {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

/**
 * A real HTTP service on loopback standing in for calc/risk/etl. It answers JSON describing what it
 * received (so tests can check forwarded headers and bodies), sets its own rate-limit and hop-by-hop
 * headers (which the gateway must strip), and `/stream` sends a chunked body slowly.
 */
export async function startEchoUpstream(name: string): Promise<EchoUpstream> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (c: Buffer) => {
      bytes += c.length;
      hash.update(c);
    });
    req.on('end', () => {
      const s: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        bodyBytes: bytes,
        bodySha256: hash.digest('hex'),
      };
      seen.push(s);
      if ((req.url ?? '').startsWith('/stream')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        let i = 0;
        const t = setInterval(() => {
          res.write(`chunk-${i}\n`);
          if (++i === 5) {
            clearInterval(t);
            res.end();
          }
        }, 20);
        return;
      }
      if ((req.url ?? '').startsWith('/status/')) {
        res
          .writeHead(Number(req.url!.split('/')[2]), { 'content-type': 'application/json' })
          .end('{"status":"custom"}');
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-upstream': name,
        'ratelimit-remaining': '599',
        'x-ratelimit-limit': '600',
        'keep-alive': 'timeout=5',
        'x-hop': 'secret-hop',
        connection: 'keep-alive, x-hop',
      });
      res.end(JSON.stringify({ service: name, ...s }));
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

import { request as httpRequest } from 'node:http';
import { outcomeOfError, type Outcome } from './traffic.ts';

export interface ProbeResult {
  status: number;
  outcome: Outcome;
  body: string;
  ms: number;
}

/**
 * A request that is surely in flight when the service is told to stop: headers and half the body are sent, then
 * `whileOpen()` runs (it sends SIGTERM), and only `holdMs` later the rest of the body. A draining service must
 * read it to the end and answer; a reset or a refusal here is a request dropped after it was accepted.
 */
export function drainProbe(
  url: string,
  method: 'POST' | 'PUT',
  headers: Record<string, string>,
  body: string,
  whileOpen: () => void,
  holdMs = 400,
): Promise<ProbeResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const done = (r: Omit<ProbeResult, 'ms'>) => resolve({ ...r, ms: Date.now() - started });
    const req = httpRequest(url, {
      method,
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        ...headers,
      },
    });
    const timer = setTimeout(
      () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
      30_000,
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        done({
          status,
          outcome: status < 300 ? '2xx' : status < 500 ? '4xx' : '5xx',
          body: Buffer.concat(chunks).toString(),
        });
      });
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      done({
        status: 0,
        outcome: outcomeOfError(e),
        body: String((e as { code?: string }).code ?? e.message),
      });
    });
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    req.flushHeaders();
    setTimeout(() => {
      whileOpen();
      setTimeout(() => req.end(body.slice(half)), holdMs);
    }, holdMs);
  });
}

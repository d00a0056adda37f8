import type { IncomingMessage } from 'node:http';

/** How much of an unread request body is read and discarded so that the answer reaches the client. */
export const DRAIN_MAX_BYTES = 16 * 1024 * 1024;
export const DRAIN_MAX_MS = 2_000;

/**
 * Reads and discards what is left of a request body. An answer sent while the client is still sending (413, or
 * any error raised before the body was read) must not be followed by a close with unread bytes: the kernel then
 * resets the connection, and the peer may lose the answer (the gateway saw a 503 where calc had said 413); left
 * unread on a keep-alive connection instead, the bytes stall the next request on it. Resolves true once the body
 * has ended; false when it is over `maxBytes` or still arriving after `maxMs` (the caller then closes).
 */
export function drainRequest(
  raw: IncomingMessage,
  maxBytes = DRAIN_MAX_BYTES,
  maxMs = DRAIN_MAX_MS,
): Promise<boolean> {
  if (raw.complete || raw.readableEnded) return Promise.resolve(true);
  if (raw.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('close', onClose);
      raw.off('error', onClose);
      resolve(ok);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(raw.complete);
    const timer = setTimeout(() => finish(false), maxMs);
    timer.unref();
    raw.on('data', onData);
    raw.once('end', onEnd);
    raw.once('close', onClose);
    raw.once('error', onClose);
    raw.resume();
  });
}

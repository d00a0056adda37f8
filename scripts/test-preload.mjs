// Loaded into every test process by scripts/run-tests.mjs. When ZAKUPAI_CAPTURE_DIR is set it records every
// HTTP response body this process serves — through a real socket or Fastify's inject(), whose response object is
// an http.ServerResponse too — for the leak audit that runs after the suite.
import http from 'node:http';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.ZAKUPAI_CAPTURE_DIR;
const MAX_BODY = 64 * 1024;

if (dir) {
  const out = join(dir, 'captured');
  mkdirSync(out, { recursive: true });
  const file = join(out, `${process.pid}-http-bodies.log`);
  const chunks = new WeakMap();
  const keep = (res, chunk, encoding) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    let list = chunks.get(res);
    if (!list) chunks.set(res, (list = { size: 0, parts: [] }));
    if (list.size > MAX_BODY) return;
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8');
    list.size += buf.length;
    list.parts.push(buf);
  };
  const proto = http.ServerResponse.prototype;
  const write = proto.write;
  const end = proto.end;
  proto.write = function (chunk, encoding, cb) {
    keep(this, chunk, encoding);
    return write.call(this, chunk, encoding, cb);
  };
  proto.end = function (chunk, encoding, cb) {
    keep(this, chunk, encoding);
    const list = chunks.get(this);
    const headers = Object.entries(this.getHeaders?.() ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n');
    try {
      appendFileSync(file, `${headers}\n\n${list ? Buffer.concat(list.parts).toString('utf8') : ''}\n----\n`);
    } catch {
      /* the audit is best effort per write; a full disk fails the audit's own read */
    }
    return end.call(this, chunk, encoding, cb);
  };
}

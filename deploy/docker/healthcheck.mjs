// Container healthcheck without curl or wget (the Node slim image has neither).
// `node deploy/docker/healthcheck.mjs http://127.0.0.1:7001/ready` → exit 0 on a 2xx within 3 s.
// `node deploy/docker/healthcheck.mjs file:/run/zakupai/alertmanager/alertmanager.yml` → exit 0 when the file exists.
import { statSync } from 'node:fs';

const target = process.argv[2] ?? '';
if (target.startsWith('file:')) {
  try {
    process.exit(statSync(target.slice(5)).size > 0 ? 0 : 1);
  } catch {
    process.exit(1);
  }
}
try {
  const res = await fetch(target, { signal: AbortSignal.timeout(3000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}

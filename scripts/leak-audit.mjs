#!/usr/bin/env node
// The leak audit: every secret value the suites planted (in Vault, in secret files) must be absent from
// everything they captured — process output, HTTP bodies (incl. /ready and /metrics), the test runner's own
// output and the process argument lists sampled while the suite ran.
// Usage: node scripts/leak-audit.mjs <capture-dir>; exit 1 when a value leaked (the value itself is never printed).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir || !existsSync(dir)) {
  console.error('leak-audit: capture directory missing');
  process.exit(2);
}
const read = (sub) =>
  existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)).map((f) => join(dir, sub, f)) : [];
const planted = new Set();
for (const f of read('planted'))
  for (const line of readFileSync(f, 'utf8').split('\n')) if (line.length >= 8) planted.add(line);
const captured = read('captured');
let bytes = 0;
const leaks = [];
for (const f of captured) {
  const text = readFileSync(f, 'utf8');
  bytes += text.length;
  for (const v of planted) {
    if (text.includes(v))
      leaks.push({ file: f, fingerprint: createHash('sha256').update(v).digest('hex').slice(0, 12) });
  }
}
console.log(
  `leak audit: ${planted.size} planted secret values, ${captured.length} captured files (${(bytes / 1024).toFixed(0)} KiB), ${leaks.length} leaks`,
);
for (const l of leaks) console.log(`  LEAK of secret sha256:${l.fingerprint} in ${l.file}`);
if (planted.size === 0 && process.argv.includes('--require-planted')) {
  console.log('leak audit: the full suite planted nothing, so nothing was checked');
  process.exit(1);
}
process.exit(leaks.length > 0 ? 1 : 0);

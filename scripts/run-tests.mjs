#!/usr/bin/env node
// Runs every *.test.ts under packages/, services/, deploy/, scripts/ and test/ with node:test through tsx, then the
// leak audit over everything the run captured. Node 20 does not expand globs itself, so files are listed here.
// Usage: node scripts/run-tests.mjs [path-filter…]
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execFile, spawn } from 'node:child_process';

const roots = ['packages', 'services', 'deploy', 'scripts', 'test'];
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(relative(process.cwd(), p));
  }
}
for (const r of roots) {
  try {
    walk(r);
  } catch {
    /* root absent */
  }
}
const filters = process.argv.slice(2);
const selected = files.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const captureDir = process.env.ZAKUPAI_CAPTURE_DIR ?? mkdtempSync(join(tmpdir(), 'zakupai-capture-'));
const captured = join(captureDir, 'captured');
mkdirSync(captured, { recursive: true });

// Process argument lists, sampled while the suite runs: no secret may ever be passed on a command line.
const seenArgs = new Set();
const sampler = setInterval(() => {
  execFile('ps', ['-eo', 'args='], { maxBuffer: 8 * 1024 * 1024 }, (err, out) => {
    if (err) return;
    const fresh = out.split('\n').filter((l) => l && !seenArgs.has(l));
    for (const l of fresh) seenArgs.add(l);
    if (fresh.length) appendFileSync(join(captured, 'process-args.log'), `${fresh.join('\n')}\n`);
  });
}, 1000);

const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--import',
    './scripts/test-preload.mjs',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    ...selected,
  ],
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ZAKUPAI_CAPTURE_DIR: captureDir } },
);
const runnerLog = join(captured, 'test-runner.log');
child.stdout.on('data', (d) => {
  process.stdout.write(d);
  appendFileSync(runnerLog, d);
});
child.stderr.on('data', (d) => {
  process.stderr.write(d);
  appendFileSync(runnerLog, d);
});
child.on('exit', (code, signal) => {
  clearInterval(sampler);
  const testsFailed = signal ? 1 : (code ?? 1);
  const audit = spawn(
    process.execPath,
    ['scripts/leak-audit.mjs', captureDir, ...(filters.length === 0 ? ['--require-planted'] : [])],
    {
      stdio: 'inherit',
    },
  );
  audit.on('exit', (auditCode) => process.exit(testsFailed || auditCode || 0));
});

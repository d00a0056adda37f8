// Regression (found building the chaos suite): when `seed` threw on the first launch, startBao rejected but left the
// `bao server -dev` process running, with no handle for anyone to stop it (and the test process kept alive by it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { baoAvailable, startBao } from './bao.ts';
import { requireServer } from './require-server.ts';

const running = (token: string) => {
  try {
    return execFileSync('pgrep', ['-f', token]).toString().trim() !== '';
  } catch {
    return false; // pgrep exits 1 when nothing matches
  }
};

test('bao-seed-leak bug: a seed that throws stops the server it was seeding', async (t) => {
  if (!requireServer(t, baoAvailable(), 'bao')) return;
  const rootToken = `root-seedfail-${randomBytes(6).toString('hex')}`;
  await assert.rejects(
    startBao({ rootToken, seed: async () => Promise.reject(new Error('seed failed')) }),
    /seed failed/,
  );
  assert.equal(running(rootToken), false, 'no bao process left behind');
});

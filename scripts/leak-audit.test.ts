import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function audit(planted: string[], captured: Record<string, string>, ...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'zk-audit-'));
  mkdirSync(join(dir, 'planted'));
  mkdirSync(join(dir, 'captured'));
  writeFileSync(join(dir, 'planted', '1.txt'), planted.map((p) => `${p}\n`).join(''));
  for (const [f, t] of Object.entries(captured)) writeFileSync(join(dir, 'captured', f), t);
  try {
    return {
      code: 0,
      out: execFileSync(process.execPath, ['scripts/leak-audit.mjs', dir, ...args], { encoding: 'utf8' }),
    };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, out: err.stdout };
  }
}

test('the leak audit fails on a planted value in any captured file, without printing the value', () => {
  const secret = ['leak', 'audit', 'probe', '7f3a9c'].join('-');
  const r = audit([secret], {
    'a.log': 'all fine',
    'b-http-bodies.log': `{"dsn":"postgres://u:${secret}@h/db"}`,
  });
  assert.equal(r.code, 1);
  assert.match(r.out, /1 leaks/);
  assert.match(r.out, /b-http-bodies\.log/);
  assert.ok(!r.out.includes(secret));
});

test('the leak audit passes clean captures, and a full run that planted nothing fails', () => {
  assert.equal(audit(['some-long-secret-value'], { 'a.log': 'nothing here' }).code, 0);
  assert.equal(audit([], { 'a.log': 'x' }, '--require-planted').code, 1);
});

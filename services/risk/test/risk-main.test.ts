import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ZakError } from '@zakupai/errors';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { start } from '../src/main.ts';
import { sampleValue } from './harness.ts';
import { rulesText } from './support.ts';

const sample = JSON.parse(readFileSync(new URL('./fixtures/sample-lots.json', import.meta.url), 'utf8')) as {
  expected: { antiDumpingRatio: number };
  lots: unknown[];
};

let available = false;
let database: TestDatabase | undefined;
let dir: string;
const logs: string[] = [];
const destination = new Writable({
  write(chunk, _enc, cb) {
    logs.push(String(chunk));
    cb();
  },
});

function envWith(extra: Record<string, string> = {}) {
  return {
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    ZAKUPAI_SECRETS_FILE: join(dir, 'secrets.json'),
    ...extra,
  };
}

before(async () => {
  available = await postgresAvailable();
  dir = mkdtempSync(join(tmpdir(), 'zk-risk-main-'));
  if (!available) return;
  database = await createTestDatabase('zk_risk_main');
  writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ risk: { DATABASE_URL: database.url } }), {
    mode: 0o600,
  });
});
after(async () => {
  await database?.drop();
});

test('the service starts from its secrets file, migrates, serves the API and its metrics port', async (t) => {
  if (!requireServer(t, available, 'PostgreSQL')) return;
  const svc = await start(envWith({ ANTI_DUMPING_WINDOW: '24h' }), { destination });
  try {
    assert.equal((await fetch(`${svc.url}/health`)).status, 200);
    const ready = await fetch(`${svc.url}/ready`);
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { checks: Record<string, string> }).checks.database, 'ok');
    const openapi = (await (await fetch(`${svc.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/risk/score',
      '/risk/batch',
      '/risk/lots/{id}',
      '/risk/explain/{id}',
      '/rnu/{bin}',
    ]) {
      assert.ok(openapi.paths[path], path);
    }
    const res = await fetch(`${svc.url}/risk/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lots: sample.lots }),
    });
    assert.equal(res.status, 200);
    const metrics = await (await fetch(svc.metricsUrl)).text();
    assert.equal(sampleValue(metrics, 'anti_dumping_ratio'), sample.expected.antiDumpingRatio);
    assert.ok(logs.some((l) => l.includes('"rulesVersion":"2026.2.0"')));
    assert.ok(!logs.join('').includes(database!.url), 'the database URL never reaches the log');
  } finally {
    await svc.stop();
  }
});

test('a bad rules file stops the start, naming the file and line', async () => {
  const broken = join(dir, 'rules.yaml');
  writeFileSync(
    broken,
    rulesText.replace('  supplier_in_rnu:\n    weight: 45', '  supplier_in_rnu:\n    weight: -1'),
  );
  const line =
    readFileSync(broken, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('weight: -1')) + 1;
  await assert.rejects(
    start(envWith({ RISK_RULES_FILE: broken }), { destination }),
    (e: unknown) =>
      e instanceof ZakError &&
      e.kind === 'config' &&
      e.message.startsWith(`rules.yaml:${line}:`) &&
      e.message.includes('rules.supplier_in_rnu.weight'),
  );
});

test('a malformed ANTI_DUMPING_WINDOW stops the start', async () => {
  await assert.rejects(
    start(envWith({ ANTI_DUMPING_WINDOW: 'a day' }), { destination }),
    /ANTI_DUMPING_WINDOW must be a duration/,
  );
});

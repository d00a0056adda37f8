import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openDb } from '@zakupai/db';
import { ZakError } from '@zakupai/errors';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { start } from '../src/main.ts';
import { sampleValue } from './harness.ts';
import { importSample, SAMPLE_RATIO } from './sample-mirror.ts';

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

const envWith = (extra: Record<string, string> = {}) => ({
  HOST: '127.0.0.1',
  PORT: '0',
  METRICS_PORT: '0',
  ZAKUPAI_SECRETS_FILE: join(dir, 'secrets.json'),
  ...extra,
});

before(async () => {
  available = await postgresAvailable();
  dir = mkdtempSync(join(tmpdir(), 'zk-risk-stored-'));
  if (!available) return;
  database = await createTestDatabase('zk_risk_stored');
  writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ risk: { DATABASE_URL: database.url } }), {
    mode: 0o600,
  });
});
after(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('RISK_SCORE_STORED=if-unscored: the service scores the sample etl loads after it, and :9102 shows the ratio', async (t) => {
  if (!requireServer(t, available, 'PostgreSQL')) return;
  const svc = await start(envWith({ RISK_SCORE_STORED: 'if-unscored' }), { destination });
  const etlDb = await openDb(database!.url);
  try {
    await importSample(etlDb);
    let ratio: number | undefined;
    for (let i = 0; i < 60 && ratio !== SAMPLE_RATIO; i += 1) {
      await new Promise((r) => setTimeout(r, 500));
      ratio = sampleValue(await (await fetch(svc.metricsUrl)).text(), 'anti_dumping_ratio');
    }
    assert.equal(ratio, SAMPLE_RATIO);
    assert.ok(logs.some((l) => l.includes('RISK_SCORE_STORED: stored lots scored')));
    const openapi = (await (await fetch(`${svc.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    assert.ok(openapi.paths['/risk/rescore']);
  } finally {
    await etlDb.close();
    await svc.stop();
  }
});

test('a RISK_SCORE_STORED value other than off or if-unscored stops the start', async () => {
  await assert.rejects(
    start(envWith({ RISK_SCORE_STORED: 'always' }), { destination }),
    (e: unknown) =>
      e instanceof ZakError && e.kind === 'config' && /RISK_SCORE_STORED must be one of/.test(e.message),
  );
});

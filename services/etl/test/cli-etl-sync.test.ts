import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main, type CliIo } from '@zakupai/cli';
import { openDb } from '@zakupai/db';
import { FakeGoszakup } from '@zakupai/testing/fake-goszakup';
import { createTestDatabase, postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { SAMPLE_FILE } from '../src/adapters/jsonl-file.ts';

async function cli(argv: string[], env: Record<string, string>, cwd: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const io: CliIo = { stdout, stderr, env, cwd, signal: new AbortController().signal };
  const code = await main(argv, io);
  return { code, out, err };
}

async function secretsFile(dir: string, etl: Record<string, string>) {
  const file = join(dir, 'secrets.json');
  await writeFile(file, JSON.stringify({ etl }), { mode: 0o600 });
  return file;
}

test('zakupai etl sync --from-file loads the sample and logs JSON lines off a terminal', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zk-etl-cli-'));
  try {
    const token = 'tok-never-printed-4242';
    const file = await secretsFile(dir, { DATABASE_URL: `pglite:${join(dir, 'pg')}`, GOSZAKUP_TOKEN: token });
    const r = await cli(['etl', 'sync', '--from-file', SAMPLE_FILE], { ZAKUPAI_SECRETS_FILE: file }, dir);
    assert.equal(r.code, 0, r.err);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.some((l) => l.event === 'page' && l.entity === 'lots' && typeof l.rate === 'number'));
    const done = lines.at(-1)!;
    assert.equal(done.event, 'import-done');
    assert.equal((done.lots as { upserted: number }).upserted, 360);
    assert.ok(!r.out.includes(token) && !r.err.includes(token));
    const db = await openDb(`pglite:${join(dir, 'pg')}`);
    try {
      assert.equal(
        (await db.query<{ n: string }>('SELECT count(*) AS n FROM goszakup.trd_buy')).rows[0]!.n,
        '180',
      );
    } finally {
      await db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('zakupai etl sync against the API: entity and since flags, exit codes, bad input', async (t) => {
  if (!requireServer(t, await postgresAvailable(), 'PostgreSQL')) return;
  const dir = await mkdtemp(join(tmpdir(), 'zk-etl-cli-'));
  const tdb = await createTestDatabase('zk_etl_cli');
  const fake = await FakeGoszakup.start({ lots: 1200, token: 'secret-token-xyz' });
  try {
    const file = await secretsFile(dir, { DATABASE_URL: tdb.url, GOSZAKUP_TOKEN: 'secret-token-xyz' });
    const env = { ZAKUPAI_SECRETS_FILE: file, GOSZAKUP_API_URL: fake.url, GOSZAKUP_RATE: '0' };
    const r = await cli(['etl', 'sync', '--entity', 'lots', '--entity', 'trd-buy'], env, dir);
    assert.equal(r.code, 0, r.err);
    const done = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.event === 'entity-done');
    assert.deepEqual(
      done.map((d) => [d.entity, d.status, d.mode, d.upserted]),
      [
        ['lots', 'ok', 'full', 1200],
        ['trd_buy', 'ok', 'full', 600],
      ],
    );
    const since = await cli(['etl', 'sync', '--entity', 'lots', '--since', '2024-12-20'], env, dir);
    assert.equal(since.code, 0, since.err);
    assert.match(since.out, /"mode":"since"/);

    const bad = await cli(['etl', 'sync', '--entity', 'planets'], env, dir);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /ZAK_VALIDATION: unknown entity "planets"/);
    const badDate = await cli(['etl', 'sync', '--since', 'yesterday'], env, dir);
    assert.equal(badDate.code, 2);

    fake.rotateToken('another');
    const denied = await cli(['etl', 'sync', '--entity', 'rnu'], { ...env, GOSZAKUP_API_URL: fake.url }, dir);
    assert.equal(denied.code, 1);
    assert.match(denied.out, /ZAK_GOSZAKUP_AUTH/);
    assert.ok(!denied.out.includes('secret-token-xyz') && !denied.err.includes('secret-token-xyz'));
  } finally {
    await fake.close();
    await tdb.drop();
    await rm(dir, { recursive: true, force: true });
  }
});

test('on a terminal, zakupai etl sync draws a progress bar with items, rate and the current entity', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zk-etl-cli-'));
  try {
    const file = await secretsFile(dir, { DATABASE_URL: `pglite:${join(dir, 'pg')}`, GOSZAKUP_TOKEN: 't' });
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (c) => (out += c));
    const io: CliIo = {
      stdout,
      stderr,
      env: { ZAKUPAI_SECRETS_FILE: file },
      cwd: dir,
      signal: new AbortController().signal,
    };
    assert.equal(await main(['etl', 'sync', '--from-file', SAMPLE_FILE], io), 0);
    assert.match(out, /lots\s+\|[█░]+\| 360\/360 items \| \d+ items\/s/);
    assert.match(out, /event=import-done/);
    assert.ok(!out.trimStart().startsWith('{'), 'no JSON lines on a terminal');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

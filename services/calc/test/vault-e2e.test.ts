/**
 * Issue 2, end to end: the calc service as an operator runs it (its own process, nothing but the Vault
 * bootstrap environment), against a real OpenBao and a real PostgreSQL.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { main as cli } from '@zakupai/cli';
import { baoAvailable, startBao, type BaoServer } from '@zakupai/testing/bao';
import { createAppRole, mountKv, putSecret, readPolicy, writePolicy } from '@zakupai/testing/bao-fixtures';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { startScramPostgres, type ScramPostgres } from '@zakupai/testing/scram-pg';
import { freePort } from '@zakupai/testing/free-port';
import { metricValue, spawnService, type ServiceProcess } from '@zakupai/testing/service-process';

const ROLE_ID = `calc-role-${randomBytes(6).toString('hex')}`;
const SECRET_ID = `calc-sid-${randomBytes(12).toString('hex')}`;
const planted: string[] = [SECRET_ID];
const captured: string[] = [];

let bao: BaoServer | undefined;
let db: TestDatabase | undefined;
let scram: ScramPostgres | undefined;
let servers = false;
const procs: ServiceProcess[] = [];

async function seed(b: BaoServer, databaseUrl: string, ttl: { ttl: string; max: string }) {
  await mountKv(b, 'zakupai', 2);
  await writePolicy(b, 'zakupai-calc', readPolicy('zakupai', 'calc'));
  await createAppRole(b, 'zakupai-calc', {
    policies: ['zakupai-calc'],
    tokenTtl: ttl.ttl,
    tokenMaxTtl: ttl.max,
    roleId: ROLE_ID,
    secretId: SECRET_ID,
  });
  await putSecret(b, 'zakupai', 'calc', { DATABASE_URL: databaseUrl });
}

function credentialFiles(): { VAULT_ROLE_ID_FILE: string; VAULT_SECRET_ID_FILE: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zk-calc-cred-'));
  fs.writeFileSync(join(dir, 'role_id'), ROLE_ID, { mode: 0o600 });
  fs.writeFileSync(join(dir, 'secret_id'), SECRET_ID, { mode: 0o600 });
  return { VAULT_ROLE_ID_FILE: join(dir, 'role_id'), VAULT_SECRET_ID_FILE: join(dir, 'secret_id') };
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const r = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const body = await r.text();
  captured.push(body);
  return { status: r.status, body };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

before(async () => {
  servers = baoAvailable() && (await postgresAvailable());
  if (!servers) return;
  db = await createTestDatabase('zk_calc_e2e');
});

after(async () => {
  for (const p of procs) {
    await p.stop('SIGKILL').catch(() => {});
    captured.push(p.output());
  }
  await bao?.stop().catch(() => {});
  await scram?.stop().catch(() => {});
  await db?.drop().catch(() => {});
  // No leaks: nothing any process printed or any endpoint answered holds a planted secret.
  const all = captured.join('\n');
  for (const v of planted) assert.ok(!all.includes(v), 'a planted secret value leaked into captured output');
});

test('bootstrap twice, then calc starts from AppRole files alone and is ready on PostgreSQL', async (t) => {
  if (!requireServer(t, servers, 'bao and PostgreSQL')) return;
  const b = await startBao();
  try {
    const out = mkdtempSync(join(tmpdir(), 'zk-boot-'));
    const run = async () => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let text = '';
      stdout.on('data', (d) => (text += String(d)));
      stderr.on('data', (d) => (text += String(d)));
      const code = await cli(['vault', 'bootstrap', '--out', out], {
        stdout,
        stderr,
        env: { VAULT_ADDR: b.addr, VAULT_TOKEN: b.rootToken },
        cwd: out,
        signal: new AbortController().signal,
      });
      captured.push(text);
      return { code, text };
    };
    const first = await run();
    assert.equal(first.code, 0, first.text);
    const roleId = fs.readFileSync(join(out, 'calc', 'role_id'), 'utf8');
    const second = await run();
    assert.equal(second.code, 0, second.text);
    assert.equal(
      fs.readFileSync(join(out, 'calc', 'role_id'), 'utf8'),
      roleId,
      'role_id unchanged by a second run',
    );
    assert.equal(fs.statSync(join(out, 'calc', 'secret_id')).mode & 0o777, 0o600);
    planted.push(fs.readFileSync(join(out, 'calc', 'secret_id'), 'utf8').trim());
    await putSecret(b, 'zakupai', 'calc', { DATABASE_URL: db!.url });
    const calc = await spawnService('calc', {
      VAULT_ADDR: b.addr,
      VAULT_ROLE_ID_FILE: join(out, 'calc', 'role_id'),
      VAULT_SECRET_ID_FILE: join(out, 'calc', 'secret_id'),
    });
    procs.push(calc);
    await calc.waitReady();
    const ready = JSON.parse((await get(`${calc.url}/ready`)).body);
    assert.deepEqual(ready.checks, { secrets: 'ok', database: 'ok' });
    // The least-privilege policy: calc's own token cannot read another service's path.
    const login = await fetch(`${b.addr}/v1/auth/approle/login`, {
      method: 'POST',
      body: JSON.stringify({ role_id: roleId.trim(), secret_id: planted.at(-1) }),
    }).then((r) => r.json() as Promise<{ auth: { client_token: string } }>);
    const denied = await fetch(`${b.addr}/v1/zakupai/data/etl`, {
      headers: { 'X-Vault-Token': login.auth.client_token },
    });
    assert.equal(denied.status, 403);
    await calc.stop();
    assert.equal(await calc.exited, 0, 'SIGTERM gives a clean exit');
    assert.match(calc.output(), /calc stopped/);
  } finally {
    await b.stop();
  }
});

test('with Vault unreachable and no secrets, calc exits non-zero within the startup timeout and names it', async (t) => {
  if (!requireServer(t, servers, 'bao and PostgreSQL')) return;
  const port = await freePort();
  const started = Date.now();
  const calc = await spawnService('calc', {
    VAULT_ADDR: `http://127.0.0.1:${port}`,
    VAULT_STARTUP_TIMEOUT: '3s',
    ...credentialFiles(),
  });
  procs.push(calc);
  const code = await calc.exited;
  const elapsed = Date.now() - started;
  assert.notEqual(code, 0);
  assert.ok(elapsed < 15_000, `exited after ${elapsed} ms`);
  assert.match(calc.output(), /cannot start: ZAK_\w+: .*unreachable/);
  assert.ok(!/\n\s+at /.test(calc.output()), 'no stack trace');
});

test('short-TTL token: renewals and re-logins across 5+ TTL periods with zero failed requests', async (t) => {
  if (!requireServer(t, servers, 'bao and PostgreSQL')) return;
  bao = await startBao({ seed: (b) => seed(b, db!.url, { ttl: '3s', max: '7s' }) });
  const calc = await spawnService('calc', {
    VAULT_ADDR: bao.addr,
    VAULT_REFRESH_INTERVAL: '1s',
    LOG_LEVEL: 'debug',
    ...credentialFiles(),
  });
  procs.push(calc);
  await calc.waitReady();
  let failures = 0;
  let requests = 0;
  const until = Date.now() + 17_000; // > 5 × 3 s TTL, and two 7 s max-TTL re-logins
  while (Date.now() < until) {
    const r = await get(`${calc.url}/ready`);
    requests++;
    if (r.status !== 200 || !r.body.includes('"secrets":"ok"')) failures++;
    await new Promise((res) => setTimeout(res, 200));
  }
  const metrics = (await get(calc.metricsUrl)).body;
  assert.equal(failures, 0, `${failures} of ${requests} requests failed`);
  assert.ok(requests > 50, `only ${requests} requests`);
  assert.equal(metricValue(metrics, 'zakupai_secrets_stale'), 0);
  const ttl = metricValue(metrics, 'zakupai_vault_token_ttl_seconds') ?? 0;
  assert.ok(ttl > 0, `token ttl ${ttl}`);
  const refreshed =
    metricValue(metrics, 'zakupai_secrets_refresh_total{service="calc",result="success"}') ?? 0;
  assert.ok(
    refreshed >= 10,
    `only ${refreshed} successful refreshes:\n${metrics
      .split('\n')
      .filter((l) => l.startsWith('zakupai'))
      .join('\n')}`,
  );
  const logins = (calc.output().match(/"type":"login"/g) ?? []).length;
  assert.ok(logins >= 2, `expected re-logins after the max TTL, saw ${logins} logins`);
});

test('Vault killed mid-run: calc keeps serving, reports stale, and recovers on restart; same for seal', async (t) => {
  if (!requireServer(t, servers, 'bao and PostgreSQL')) return;
  assert.ok(bao, 'runs after the TTL test, which starts the shared server');
  const calc = await spawnService('calc', {
    VAULT_ADDR: bao.addr,
    VAULT_REFRESH_INTERVAL: '1s',
    ...credentialFiles(),
  });
  procs.push(calc);
  await calc.waitReady();
  const stale = async (want: 0 | 1) => {
    const m = await get(calc.metricsUrl);
    const r = await get(`${calc.url}/ready`);
    return (
      metricValue(m.body, 'zakupai_secrets_stale') === want &&
      r.status === 200 &&
      r.body.includes(want ? '"secrets":"stale"' : '"secrets":"ok"') &&
      r.body.includes('"database":"ok"')
    );
  };
  await bao.kill();
  await waitFor('stale after kill', () => stale(1));
  assert.equal((await get(`${calc.url}/health`)).status, 200);
  await bao.restart();
  await waitFor('fresh after restart', () => stale(0), 30_000);
  await bao.seal();
  await waitFor('stale after seal', () => stale(1));
  await bao.unseal();
  await waitFor('fresh after unseal', () => stale(0), 30_000);
});

test('a rotated DATABASE_URL password is picked up without a restart; the old one fails', async (t) => {
  if (!requireServer(t, servers, 'bao and PostgreSQL')) return;
  assert.ok(bao);
  scram = await startScramPostgres();
  const pw1 = `pw1-${randomBytes(9).toString('hex')}`;
  const pw2 = `pw2-${randomBytes(9).toString('hex')}`;
  planted.push(pw1, pw2);
  await scram.admin(
    `CREATE ROLE app LOGIN PASSWORD '${pw1}'; GRANT ALL ON DATABASE app TO app; ALTER DATABASE app OWNER TO app`,
  );
  await putSecret(bao, 'zakupai', 'calc', { DATABASE_URL: scram.urlFor('app', pw1) });
  const calc = await spawnService('calc', {
    VAULT_ADDR: bao.addr,
    VAULT_REFRESH_INTERVAL: '1s',
    ...credentialFiles(),
  });
  procs.push(calc);
  await calc.waitReady();
  await scram.admin(`ALTER ROLE app PASSWORD '${pw2}'`);
  await putSecret(bao, 'zakupai', 'calc', { DATABASE_URL: scram.urlFor('app', pw2) });
  await waitFor('rotation applied', async () => /database credentials rotated/.test(calc.output()));
  // Sessions opened with the old password are cut: only the new credentials can serve from here on.
  await scram.admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'app'`);
  await waitFor('ready on new credentials', async () =>
    (await get(`${calc.url}/ready`)).body.includes('"database":"ok"'),
  );
  const stale = new pg.Client({ connectionString: scram.urlFor('app', pw1) });
  await assert.rejects(stale.connect(), (e: { code?: string }) => e.code === '28P01');
});

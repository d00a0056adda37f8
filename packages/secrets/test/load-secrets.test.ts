import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';
import { isZakError } from '@zakupai/errors';
import {
  Redactor,
  createSecretSource,
  defineSecrets,
  loadSecrets,
  serviceSecrets,
  type SecretEvent,
} from '@zakupai/secrets';
import { baoAvailable, startBao, type BaoServer } from '@zakupai/testing/bao';
import {
  accessorAlive,
  createAppRole,
  mountKv,
  putSecret,
  readPolicy,
  writePolicy,
} from '@zakupai/testing/bao-fixtures';
import { requireServer } from '@zakupai/testing/require-server';
import type { VaultEvent } from '@zakupai/vault';

const available = baoAvailable();
const ROLE_ID = 'calc-role-id-test-0001';
const SECRET_ID = 'calc-secret-id-test-3f9a7c21e0';
const DB1 = 'postgres://calc:pw-one-8c1d2e@127.0.0.1:5432/calc';
const DB2 = 'postgres://calc:pw-two-77ab09@127.0.0.1:5432/calc';
let bao: BaoServer;
const texts: string[] = [];
const record = (x: unknown) => {
  texts.push(typeof x === 'string' ? x : x instanceof Error ? `${x.message}\n${x.stack}` : JSON.stringify(x));
  return x;
};

/** Dev mode is in memory: this runs at start and after each restart, with fixed AppRole credentials. */
async function seed(b: BaoServer) {
  await mountKv(b, 'zakupai', 2);
  await putSecret(b, 'zakupai', 'calc', { DATABASE_URL: DB1 });
  await writePolicy(b, 'zakupai-calc', readPolicy('zakupai', 'calc'));
  await createAppRole(b, 'zakupai-calc', {
    policies: ['zakupai-calc'],
    roleId: ROLE_ID,
    secretId: SECRET_ID,
  });
}

before(async () => {
  if (available) bao = await startBao({ seed });
});
after(async () => {
  await bao?.stop();
  for (const t of texts) {
    for (const s of [SECRET_ID, DB1, DB2, 'pw-one-8c1d2e', 'pw-two-77ab09'])
      assert.ok(!t.includes(s), `leak: ${t.slice(0, 120)}`);
  }
});

function env(extra: Record<string, string> = {}) {
  return { VAULT_ADDR: bao.addr, VAULT_ROLE_ID: ROLE_ID, VAULT_SECRET_ID: SECRET_ID, ...extra };
}

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function metric(text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

test('loads the declared keys through AppRole into a frozen object, registers them for redaction', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const redactor = new Redactor();
  const registry = new Registry();
  const events: SecretEvent[] = [];
  const store = await loadSecrets({
    declarations: serviceSecrets.calc,
    source: createSecretSource(env(), 'calc'),
    redactor,
    registry,
    refreshIntervalMs: 0,
    onEvent: (e) => events.push(record(e) as SecretEvent),
  });
  try {
    assert.equal(store.get('DATABASE_URL'), DB1);
    const snap = store.snapshot();
    assert.ok(Object.isFrozen(snap));
    assert.throws(() => ((snap as Record<string, string>).DATABASE_URL = 'x'));
    assert.equal(process.env.DATABASE_URL, undefined, 'never written to process.env');
    assert.equal(redactor.redact(`connecting to ${DB1}`), 'connecting to [REDACTED]');
    assert.equal(redactor.redact('password pw-one-8c1d2e failed'), 'password [REDACTED] failed');
    const st = store.status();
    assert.equal(st.state, 'fresh');
    assert.equal(st.source, 'vault');
    assert.ok(st.tokenTtlSeconds! > 3000);

    const text = await registry.metrics();
    const names = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]).sort();
    assert.deepEqual(names, [
      'zakupai_secrets_last_success_timestamp_seconds',
      'zakupai_secrets_refresh_total',
      'zakupai_secrets_stale',
      'zakupai_vault_token_ttl_seconds',
    ]);
    assert.equal(metric(text, 'zakupai_secrets_stale'), 0);
    assert.ok(metric(text, 'zakupai_vault_token_ttl_seconds') > 3000);
    assert.ok(
      Math.abs(metric(text, 'zakupai_secrets_last_success_timestamp_seconds') - Date.now() / 1000) < 10,
    );
    assert.match(text, /zakupai_secrets_refresh_total\{result="success"\} 1/);
    assert.ok(!text.includes(DB1));
    assert.deepEqual(
      events.map((e) => e.type),
      ['loaded'],
    );
  } finally {
    await store.close();
  }
});

test('a missing key is named and fails at once; a denied path names the Vault error', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const etl = await loadSecrets({
    declarations: defineSecrets('calc', {
      DATABASE_URL: { secret: true, description: 'db' },
      EXTRA_KEY: { secret: true, description: 'not in Vault' },
    }),
    source: createSecretSource(env(), 'calc'),
    redactor: new Redactor(),
    startupTimeoutMs: 20_000,
  }).catch((e: unknown) => record(e));
  assert.ok(isZakError(etl) && etl.code === 'ZAK_SECRETS_MISSING_KEY', String(etl));
  assert.match(etl.message, /zakupai\/calc is missing EXTRA_KEY/);

  const denied = await loadSecrets({
    declarations: serviceSecrets.etl,
    source: createSecretSource(env(), 'etl'),
    redactor: new Redactor(),
    startupTimeoutMs: 20_000,
  }).catch((e: unknown) => record(e));
  assert.ok(isZakError(denied) && denied.code === 'ZAK_VAULT_PERMISSION_DENIED', String(denied));
  assert.match(denied.message, /zakupai\/data\/etl: permission denied/);
});

test('Vault unreachable at start: fails within VAULT_STARTUP_TIMEOUT with the Vault error named', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as { port: number }).port;
  await new Promise((r) => closed.close(r));
  const started = Date.now();
  const e = await loadSecrets({
    declarations: serviceSecrets.calc,
    source: createSecretSource(
      {
        VAULT_ADDR: `http://127.0.0.1:${port}`,
        VAULT_ROLE_ID: ROLE_ID,
        VAULT_SECRET_ID: SECRET_ID,
        VAULT_TIMEOUT: '200ms',
      },
      'calc',
    ),
    redactor: new Redactor(),
    startupTimeoutMs: 3000,
  }).catch((x: unknown) => record(x));
  const took = Date.now() - started;
  assert.ok(isZakError(e) && e.code === 'ZAK_SECRETS_STARTUP_TIMEOUT', String(e));
  assert.match(e.message, /within 3s \(ZAK_VAULT_UNREACHABLE: .*ECONNREFUSED/);
  assert.ok(took >= 2900 && took < 4500, `took ${took}ms`);
});

test('sealed at start, unsealed within the timeout: the load waits and succeeds', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  await bao.seal();
  setTimeout(() => void bao.unseal(), 1200).unref();
  const store = await loadSecrets({
    declarations: serviceSecrets.calc,
    source: createSecretSource(env(), 'calc'),
    redactor: new Redactor(),
    startupTimeoutMs: 15_000,
    refreshIntervalMs: 0,
  });
  assert.equal(store.get('DATABASE_URL'), DB1);
  await store.close();
});

test('rotation fires onChange; seal and kill make it stale (metric 1) on last good values; it recovers', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const registry = new Registry();
  const vaultEvents: VaultEvent[] = [];
  const events: SecretEvent[] = [];
  const store = await loadSecrets({
    declarations: serviceSecrets.calc,
    source: createSecretSource(env(), 'calc', {
      onVaultEvent: (e) => vaultEvents.push(record(e) as VaultEvent),
    }),
    redactor: new Redactor(),
    registry,
    refreshIntervalMs: 150,
    onEvent: (e) => events.push(record(e) as SecretEvent),
  });
  const changes: string[][] = [];
  let failOnce = true;
  store.onChange((keys) => {
    changes.push([...keys]);
    if (failOnce) {
      failOnce = false;
      throw new Error('pool cannot reconnect yet');
    }
  });
  const stale = async () => metric(await registry.metrics(), 'zakupai_secrets_stale');
  try {
    // Rotation: the new value is applied without a restart. A throwing listener is called again next refresh.
    await putSecret(bao, 'zakupai', 'calc', { DATABASE_URL: DB2 });
    await until('rotation', () => store.get('DATABASE_URL') === DB2);
    await until('listener retried', () => changes.length >= 2);
    assert.deepEqual(changes.slice(0, 2), [['DATABASE_URL'], ['DATABASE_URL']]);
    assert.ok(events.some((e) => e.type === 'listener-failed'));

    // Seal: stale, last good values kept.
    await bao.seal();
    await until('stale after seal', () => store.status().state === 'stale');
    assert.equal(store.status().lastError, 'vault sealed');
    assert.equal(store.get('DATABASE_URL'), DB2);
    assert.equal(await stale(), 1);
    assert.match(await registry.metrics(), /zakupai_secrets_refresh_total\{result="failure"\} [1-9]/);
    await assert.rejects(store.refresh(), (e: unknown) => isZakError(e) && e.code === 'ZAK_VAULT_SEALED');
    await bao.unseal();
    await until('fresh after unseal', () => store.status().state === 'fresh');
    assert.equal(await stale(), 0);

    // Kill: Vault gone entirely; then a restarted (re-seeded, in-memory) server: the dead token is replaced by a re-login.
    await bao.kill();
    await until('stale after kill', () => store.status().state === 'stale', 20_000);
    assert.equal(store.status().lastError, 'vault unreachable');
    assert.equal(store.get('DATABASE_URL'), DB2);
    assert.equal(await stale(), 1);
    await bao.restart(); // seeds DB1 again: a change back
    await until('fresh after restart', () => store.status().state === 'fresh', 20_000);
    assert.equal(store.get('DATABASE_URL'), DB1);
    assert.equal(await stale(), 0);
    assert.ok(events.some((e) => e.type === 'recovered'));
    assert.ok(vaultEvents.filter((e) => e.type === 'login').length >= 2, 're-logged in after the restart');
    assert.deepEqual(changes.at(-1), ['DATABASE_URL']);
  } finally {
    await store.close();
  }
});

test('close() revokes the AppRole token', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const source = createSecretSource(env(), 'calc');
  const store = await loadSecrets({
    declarations: serviceSecrets.calc,
    source,
    redactor: new Redactor(),
    refreshIntervalMs: 0,
  });
  const accessor = (source as unknown as { client: { tokenInfo(): { accessor: string } } }).client.tokenInfo()
    .accessor;
  assert.ok(await accessorAlive(bao, accessor));
  await store.close();
  assert.equal(await accessorAlive(bao, accessor), false);
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '@zakupai/cli';
import { Redactor, createSecretSource, loadSecrets, serviceSecrets } from '@zakupai/secrets';
import { baoAvailable, startBao, type BaoServer } from '@zakupai/testing/bao';
import { captureIo } from '@zakupai/testing/bao-cli';
import { mountKv, putSecret } from '@zakupai/testing/bao-fixtures';
import { requireServer } from '@zakupai/testing/require-server';
import { isZakError } from '@zakupai/errors';
import { VaultClient } from '@zakupai/vault';

const available = baoAvailable();
let bao: BaoServer;
const tmp = mkdtempSync(join(tmpdir(), 'zk-cli-vault-'));
const outputs: string[] = [];
const SERVICES = ['calc', 'risk', 'etl', 'billing', 'gateway', 'monitoring'];

async function cli(argv: string[], env: Record<string, string | undefined>) {
  const c = captureIo(env, tmp);
  const code = await main(argv, c.io);
  outputs.push(c.stdout(), c.stderr());
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

before(async () => {
  if (available) bao = await startBao();
});
after(async () => {
  await bao?.stop();
  const creds: string[] = [];
  for (const s of SERVICES) {
    try {
      creds.push(readFileSync(join(tmp, 'creds', s, 'secret_id'), 'utf8').trim());
    } catch {
      /* not written */
    }
  }
  for (const o of outputs) {
    assert.ok(!o.includes('    at '), 'no stack trace in CLI output');
    if (bao) assert.ok(!o.includes(bao.rootToken), 'the token is never printed');
    for (const c of creds) assert.ok(!o.includes(c), 'a secret_id is never printed');
    assert.ok(!o.includes('cli-secret-value-91ab'), 'no secret value printed');
  }
  rmSync(tmp, { recursive: true, force: true });
});

test('vault status: usable with a valid token (exit 0); no token, sealed or unreachable exit 1', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const ok = await cli(['vault', 'status'], { VAULT_ADDR: bao.addr, VAULT_TOKEN: bao.rootToken });
  assert.equal(ok.code, 0, ok.stderr);
  for (const re of [
    /^address:\s+http:\/\/127\.0\.0\.1:\d+$/m,
    /^initialized:\s+true$/m,
    /^sealed:\s+false$/m,
    /^version:\s+2\.\d+/m,
    /^ha role:\s+active/m,
    /^token ttl:\s+never expires/m,
    /^policies:\s+root$/m,
  ]) {
    assert.match(ok.stdout, re);
  }
  const none = await cli(['vault', 'status'], { VAULT_ADDR: bao.addr });
  assert.equal(none.code, 1);
  assert.match(none.stdout, /token:\s+none/);

  await bao.seal();
  try {
    const sealed = await cli(['vault', 'status'], { VAULT_ADDR: bao.addr, VAULT_TOKEN: bao.rootToken });
    assert.equal(sealed.code, 1);
    assert.match(sealed.stdout, /^sealed:\s+true$/m);
    assert.match(sealed.stdout, /^ha role:\s+sealed$/m);
  } finally {
    await bao.unseal();
  }
  const down = await cli(['vault', 'status'], { VAULT_ADDR: 'http://127.0.0.1:2', VAULT_TOKEN: 'x' });
  assert.equal(down.code, 1);
  assert.match(down.stderr, /^zakupai vault status: ZAK_VAULT_UNREACHABLE: .*\n$/);
  const noAddr = await cli(['vault', 'status'], {});
  assert.equal(noAddr.code, 2);
  assert.equal(noAddr.stderr, 'zakupai vault status: ZAK_VAULT_CONFIG: VAULT_ADDR is not set\n');
});

test('vault bootstrap: idempotent; least-privilege roles whose credentials work from the written files', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const env = { VAULT_ADDR: bao.addr, VAULT_TOKEN: bao.rootToken };
  const first = await cli(['vault', 'bootstrap', '--out', 'creds'], env);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /mount zakupai\/ \(kv v2\): created/);
  assert.match(first.stdout, /auth approle\/ \(approle\): created/);
  const files: Record<string, string> = {};
  for (const s of SERVICES) {
    assert.match(
      first.stdout,
      new RegExp(
        `^${s}: policy zakupai-${s} created, role zakupai-${s} created, role_id written, secret_id created$`,
        'm',
      ),
    );
    for (const f of ['role_id', 'secret_id']) {
      const p = join(tmp, 'creds', s, f);
      assert.equal(statSync(p).mode & 0o777, 0o600, p);
      files[p] = readFileSync(p, 'utf8');
    }
    assert.equal(statSync(join(tmp, 'creds', s)).mode & 0o777, 0o700);
  }

  const second = await cli(['vault', 'bootstrap', '--out', 'creds'], env);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /mount zakupai\/ \(kv v2\): unchanged/);
  for (const s of SERVICES) {
    assert.match(
      second.stdout,
      new RegExp(
        `^${s}: policy zakupai-${s} unchanged, role zakupai-${s} unchanged, role_id unchanged, secret_id kept$`,
        'm',
      ),
    );
  }
  for (const [p, content] of Object.entries(files))
    assert.equal(readFileSync(p, 'utf8'), content, `${p} unchanged`);

  // The role settings are the SPEC defaults.
  const role = await bao.api('GET', 'auth/approle/role/zakupai-calc');
  assert.equal(role.body.data.token_ttl, 3600);
  assert.equal(role.body.data.token_max_ttl, 86400);
  assert.deepEqual(role.body.data.token_policies, ['zakupai-calc']);

  // calc's AppRole, from the files: reads zakupai/calc, is denied zakupai/etl and writes.
  await putSecret(bao, 'zakupai', 'calc', { DATABASE_URL: 'cli-secret-value-91ab-calc' });
  await putSecret(bao, 'zakupai', 'etl', {
    DATABASE_URL: 'cli-secret-value-91ab-etl',
    GOSZAKUP_TOKEN: 'cli-secret-value-91ab-t',
  });
  const calcEnv = {
    VAULT_ADDR: bao.addr,
    VAULT_ROLE_ID_FILE: join(tmp, 'creds', 'calc', 'role_id'),
    VAULT_SECRET_ID_FILE: join(tmp, 'creds', 'calc', 'secret_id'),
  };
  const store = await loadSecrets({
    declarations: serviceSecrets.calc,
    source: createSecretSource(calcEnv, 'calc'),
    redactor: new Redactor(),
    refreshIntervalMs: 0,
  });
  assert.equal(store.get('DATABASE_URL'), 'cli-secret-value-91ab-calc');
  const ttl = store.status().tokenTtlSeconds!;
  assert.ok(ttl > 3500 && ttl <= 3600, `ttl ${ttl}`);
  await store.close();
  const denied = await loadSecrets({
    declarations: serviceSecrets.etl,
    source: createSecretSource(calcEnv, 'etl'),
    redactor: new Redactor(),
  }).catch((e: unknown) => e);
  assert.ok(isZakError(denied) && denied.code === 'ZAK_VAULT_PERMISSION_DENIED', String(denied));
  outputs.push(String((denied as Error).message));
  const calcClient = new VaultClient({
    addr: bao.addr,
    auth: {
      kind: 'approle',
      roleId: readFileSync(calcEnv.VAULT_ROLE_ID_FILE, 'utf8').trim(),
      secretId: readFileSync(calcEnv.VAULT_SECRET_ID_FILE, 'utf8').trim(),
    },
  });
  for (const op of [
    () => calcClient.kv('zakupai').write('calc', { DATABASE_URL: 'x' }),
    () => calcClient.kv('zakupai').list(),
    () => calcClient.sys.readPolicy('zakupai-etl'),
  ]) {
    const e = await op().catch((x: unknown) => x);
    assert.ok(isZakError(e) && e.code === 'ZAK_VAULT_PERMISSION_DENIED', String(e));
  }
  await calcClient.close();

  // --rotate-secret-ids replaces the secret_id and destroys the old one.
  const oldSecretId = readFileSync(calcEnv.VAULT_SECRET_ID_FILE, 'utf8').trim();
  const rotated = await cli(
    [
      'vault',
      'bootstrap',
      '--out',
      'creds',
      '--service',
      'calc',
      '--rotate-secret-ids',
      '--token-ttl',
      '3s',
      '--token-max-ttl',
      '8s',
    ],
    env,
  );
  assert.equal(rotated.code, 0, rotated.stderr);
  assert.match(
    rotated.stdout,
    /^calc: policy zakupai-calc unchanged, role zakupai-calc updated, role_id unchanged, secret_id replaced$/m,
  );
  const role2 = await bao.api('GET', 'auth/approle/role/zakupai-calc');
  assert.equal(role2.body.data.token_ttl, 3);
  assert.equal(role2.body.data.token_max_ttl, 8);
  const roleId = readFileSync(calcEnv.VAULT_ROLE_ID_FILE, 'utf8').trim();
  const oldLogin = await bao.api('POST', 'auth/approle/login', { role_id: roleId, secret_id: oldSecretId });
  assert.equal(oldLogin.status, 400, 'the old secret_id no longer logs in');
  const newLogin = await bao.api('POST', 'auth/approle/login', {
    role_id: roleId,
    secret_id: readFileSync(calcEnv.VAULT_SECRET_ID_FILE, 'utf8').trim(),
  });
  assert.equal(newLogin.status, 200);
  assert.equal(newLogin.body.auth.lease_duration, 3);
});

test('vault bootstrap on a KV v1 mount explains plainly and changes nothing; bad flags are one line', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  await mountKv(bao, 'legacy', 1);
  const env = { VAULT_ADDR: bao.addr, VAULT_TOKEN: bao.rootToken };
  const r = await cli(['vault', 'bootstrap', '--out', 'creds-legacy', '--mount', 'legacy'], env);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.split('\n').length, 2, 'one line');
  assert.match(
    r.stderr,
    /ZAK_VAULT_KV1_MOUNT: the mount legacy\/ is KV version 1 .* needs KV version 2\. .*vault kv enable-versioning legacy\//,
  );
  const mounts = await bao.api('GET', 'sys/mounts');
  assert.equal(mounts.body.data['legacy/'].options.version, '1');

  const noOut = await cli(['vault', 'bootstrap'], env);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /^zakupai vault bootstrap: ZAK_VALIDATION: --out DIR is required/);
  const bad = await cli(['vault', 'bootstrap', '--out', 'x', '--nope'], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Unknown option '--nope'/);
  const svc = await cli(['vault', 'bootstrap', '--out', 'x', '--service', 'payroll'], env);
  assert.equal(svc.code, 2);
  assert.match(svc.stderr, /unknown service "payroll"/);
  const ttl = await cli(
    ['vault', 'bootstrap', '--out', 'x', '--token-ttl', '2h', '--token-max-ttl', '1h'],
    env,
  );
  assert.equal(ttl.code, 2);
});

import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '@zakupai/cli';
import { ensureDevSecrets } from '@zakupai/secrets';
import { baoAvailable, startBao, type BaoServer } from '@zakupai/testing/bao';
import { captureIo } from '@zakupai/testing/bao-cli';
import { mountKv, putSecret } from '@zakupai/testing/bao-fixtures';
import { requireServer } from '@zakupai/testing/require-server';

const available = baoAvailable();
let bao: BaoServer;
const tmp = mkdtempSync(join(tmpdir(), 'zk-cli-secrets-'));
const outputs: string[] = [];
const PLANTED = ['planted-db-7f3e9a1c', 'planted-goszakup-55d0', 'planted-pepper-c2b8e1', 'planted-bad-0a9d'];

async function cli(argv: string[], env: Record<string, string | undefined>) {
  const c = captureIo(env, tmp);
  const code = await main(argv, c.io);
  outputs.push(c.stdout(), c.stderr());
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

before(async () => {
  if (!available) return;
  bao = await startBao();
  await mountKv(bao, 'zakupai', 2);
});
after(async () => {
  await bao?.stop();
  for (const o of outputs) {
    assert.ok(!o.includes('    at '), 'no stack trace');
    for (const p of PLANTED) assert.ok(!o.includes(p), `planted value printed: ${o}`);
    if (bao) assert.ok(!o.includes(bao.rootToken));
  }
  rmSync(tmp, { recursive: true, force: true });
});

test('secrets check: names and versions only; exit 1 naming what is missing', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const env = { VAULT_ADDR: bao.addr, VAULT_TOKEN: bao.rootToken };
  await putSecret(bao, 'zakupai', 'calc', { DATABASE_URL: PLANTED[0] });
  await putSecret(bao, 'zakupai', 'calc', { DATABASE_URL: `${PLANTED[0]}-v2` });
  await putSecret(bao, 'zakupai', 'etl', { DATABASE_URL: PLANTED[0] });

  const one = await cli(['secrets', 'check', '--service', 'calc'], env);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(one.stdout, 'zakupai/calc (version 2): DATABASE_URL ok\n');

  const all = await cli(['secrets', 'check'], env);
  assert.equal(all.code, 1);
  assert.match(all.stdout, /^zakupai\/etl \(version 1\): DATABASE_URL ok, GOSZAKUP_TOKEN MISSING$/m);
  assert.match(all.stdout, /^zakupai\/risk \(path absent\): DATABASE_URL MISSING$/m);
  assert.match(
    all.stderr,
    /^missing: .*zakupai\/etl: GOSZAKUP_TOKEN; .*zakupai\/gateway: REDIS_URL, JWT_PUBLIC_KEYS, API_KEY_PEPPER/,
  );

  const unknown = await cli(['secrets', 'check', '--service', 'nope'], env);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown service "nope"/);

  await bao.seal();
  try {
    const sealed = await cli(['secrets', 'check', '--service', 'calc'], env);
    assert.equal(sealed.code, 1);
    assert.match(sealed.stderr, /^zakupai secrets check: ZAK_VAULT_SEALED: .*\n$/);
  } finally {
    await bao.unseal();
  }
});

test('secrets check works on the dev secrets file too', async () => {
  const dev = await ensureDevSecrets(join(tmp, 'dev'));
  const r = await cli(['secrets', 'check'], { ZAKUPAI_SECRETS_FILE: dev.file });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^dev-secrets\.json#gateway: REDIS_URL ok, JWT_PUBLIC_KEYS ok, API_KEY_PEPPER ok$/m);
  const none = await cli(['secrets', 'check'], {});
  assert.equal(none.code, 2);
  assert.match(none.stderr, /ZAK_SECRETS_NO_SOURCE/);
});

test('secrets import-env: check-and-set merge, read back, then --shred deletes the file', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const env = { VAULT_ADDR: bao.addr, VAULT_TOKEN: bao.rootToken };
  await putSecret(bao, 'zakupai', 'billing', { DATABASE_URL: PLANTED[0], KEEP_ME: 'kept-value' });
  const file = join(tmp, 'billing.env');
  writeFileSync(file, `# billing\nAPI_KEY_PEPPER="${PLANTED[2]}"\nexport DATABASE_URL=${PLANTED[0]}-new\n`);
  chmodSync(file, 0o600);

  const r = await cli(['secrets', 'import-env', 'billing.env', '--service', 'billing'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    'imported API_KEY_PEPPER, DATABASE_URL into zakupai/billing (version 2); read back and verified\n',
  );
  assert.ok(existsSync(file), 'kept without --shred');
  const stored = await bao.api('GET', 'zakupai/data/billing');
  assert.deepEqual(stored.body.data.data, {
    DATABASE_URL: `${PLANTED[0]}-new`,
    API_KEY_PEPPER: PLANTED[2],
    KEEP_ME: 'kept-value',
  });

  writeFileSync(file, `GOSZAKUP_TOKEN=${PLANTED[1]}\n`);
  const s = await cli(['secrets', 'import-env', file, '--service', 'etl', '--shred'], env);
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stdout, /imported GOSZAKUP_TOKEN into zakupai\/etl \(version 2\)/);
  assert.match(s.stdout, /shredded and deleted/);
  assert.equal(existsSync(file), false);
  assert.equal((await bao.api('GET', 'zakupai/data/etl')).body.data.data.GOSZAKUP_TOKEN, PLANTED[1]);
});

test('secrets import-env: a malformed .env is one line with its line number; Vault and the file are untouched', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const env = { VAULT_ADDR: bao.addr, VAULT_TOKEN: bao.rootToken };
  const before = (await bao.api('GET', 'zakupai/metadata/calc')).body.data.current_version;
  const file = join(tmp, 'bad.env');
  writeFileSync(file, `DATABASE_URL=${PLANTED[3]}\n\nthis line is ${PLANTED[3]} broken\n`);
  const r = await cli(['secrets', 'import-env', file, '--service', 'calc', '--shred'], env);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    'zakupai secrets import-env: ZAK_VALIDATION: bad.env:3: malformed line (expected KEY=VALUE)\n',
  );
  assert.equal(r.stdout, '');
  assert.ok(existsSync(file));
  assert.equal(readFileSync(file, 'utf8').includes(PLANTED[3]!), true);
  assert.equal((await bao.api('GET', 'zakupai/metadata/calc')).body.data.current_version, before);

  for (const [argv, re] of [
    [['secrets', 'import-env', file], /--service S is required/],
    [['secrets', 'import-env', '--service', 'calc'], /usage: secrets import-env FILE/],
    [['secrets', 'import-env', 'absent.env', '--service', 'calc'], /absent\.env cannot be read \(ENOENT\)/],
  ] as const) {
    const x = await cli([...argv], env);
    assert.equal(x.code, 2);
    assert.match(x.stderr, re);
  }
});

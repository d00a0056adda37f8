import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileSecretSource, Redactor, createSecretSource, defineSecrets, loadSecrets } from '@zakupai/secrets';
import { isZakError } from '@zakupai/errors';

const dir = mkdtempSync(join(tmpdir(), 'zk-secrets-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SECRET = 'file-secret-value-5a8c3e';

function write(name: string, content: string, mode: number): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  chmodSync(p, mode);
  return p;
}

const calc = defineSecrets('calc', { DATABASE_URL: { secret: true, description: 'db' } });

test('a 0600 file is read; a group- or world-readable one is refused with one clear line', async () => {
  const good = write('good.json', JSON.stringify({ calc: { DATABASE_URL: SECRET } }), 0o600);
  assert.deepEqual((await new FileSecretSource(good).read('calc')).values, { DATABASE_URL: SECRET });
  for (const mode of [0o644, 0o640, 0o604]) {
    const bad = write(
      `bad-${mode.toString(8)}.json`,
      JSON.stringify({ calc: { DATABASE_URL: SECRET } }),
      mode,
    );
    const e = await new FileSecretSource(bad).read('calc').catch((x: unknown) => x);
    assert.ok(isZakError(e) && e.code === 'ZAK_SECRETS_FILE_PERMISSIONS', String(e));
    assert.equal(e.message.split('\n').length, 1);
    assert.match(e.message, new RegExp(`\\(mode 0${mode.toString(8)}\\); run: chmod 600`));
    assert.ok(!e.message.includes(SECRET));
  }
});

test('loadSecrets refuses a 0644 file at start, naming the fix and not the values', async () => {
  const bad = write('start-0644.json', JSON.stringify({ calc: { DATABASE_URL: SECRET } }), 0o644);
  const e = await loadSecrets({
    declarations: calc,
    source: createSecretSource({ ZAKUPAI_SECRETS_FILE: bad }, 'calc'),
    redactor: new Redactor(),
    startupTimeoutMs: 2000,
  }).catch((x: unknown) => x);
  assert.ok(isZakError(e) && e.code === 'ZAK_SECRETS_FILE_PERMISSIONS', String(e));
  assert.equal(e.kind, 'config');
});

test('invalid JSON is reported without quoting the file (which holds secrets)', async () => {
  const p = write('broken.json', `{"calc": {"DATABASE_URL": ${SECRET}}}`, 0o600);
  const e = await new FileSecretSource(p).read('calc').catch((x: unknown) => x);
  assert.ok(isZakError(e) && e.code === 'ZAK_SECRETS_FILE_INVALID');
  assert.ok(!e.message.includes(SECRET));
  assert.ok(!String((e as Error).stack).includes(SECRET));
});

test('a missing path entry and a missing key are named', async () => {
  const p = write('partial.json', JSON.stringify({ etl: { DATABASE_URL: SECRET } }), 0o600);
  const e1 = await new FileSecretSource(p).read('calc').catch((x: unknown) => x);
  assert.ok(isZakError(e1) && e1.code === 'ZAK_SECRETS_NOT_FOUND' && /no "calc" entry/.test(e1.message));
  const etl = defineSecrets('etl', {
    DATABASE_URL: { secret: true, description: 'db' },
    GOSZAKUP_TOKEN: { secret: true, description: 'api' },
  });
  const started = Date.now();
  const e2 = await loadSecrets({
    declarations: etl,
    source: new FileSecretSource(p),
    redactor: new Redactor(),
    startupTimeoutMs: 10_000,
  }).catch((x: unknown) => x);
  assert.ok(isZakError(e2) && e2.code === 'ZAK_SECRETS_MISSING_KEY', String(e2));
  assert.match(e2.message, /partial\.json#etl is missing GOSZAKUP_TOKEN/);
  assert.ok(Date.now() - started < 2000, 'a missing key fails at once, not after the timeout');
  assert.ok(!e2.message.includes(SECRET));
});

test('createSecretSource: Vault when VAULT_ADDR is set, else the file; bad combinations are config errors', () => {
  const tokenFile = write('token', 'tok-from-file-1234\n', 0o600);
  const v = createSecretSource({ VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_TOKEN_FILE: tokenFile }, 'calc');
  assert.equal(v.kind, 'vault');
  assert.equal(v.describe('calc'), 'zakupai/calc');
  const m = createSecretSource(
    {
      VAULT_ADDR: 'http://127.0.0.1:8200',
      VAULT_ROLE_ID: 'r',
      VAULT_SECRET_ID: 's',
      VAULT_KV_MOUNT: 'other',
    },
    'calc',
  );
  assert.equal(m.describe('calc'), 'other/calc');
  assert.equal(createSecretSource({ ZAKUPAI_SECRETS_FILE: '/x/dev.json' }, 'calc').kind, 'file');
  const cases: [Record<string, string>, RegExp][] = [
    [{}, /set VAULT_ADDR .* or ZAKUPAI_SECRETS_FILE/],
    [{ VAULT_ADDR: 'http://127.0.0.1:8200' }, /no credentials/],
    [
      { VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_TOKEN: 'a', VAULT_TOKEN_FILE: tokenFile },
      /either VAULT_TOKEN or VAULT_TOKEN_FILE/,
    ],
    [{ VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_TOKEN: 'a', VAULT_ROLE_ID: 'r' }, /not both/],
    [
      {
        VAULT_ADDR: 'http://127.0.0.1:8200',
        VAULT_ROLE_ID: 'r',
        VAULT_SECRET_ID: 's',
        VAULT_SECRET_ID_WRAPPED: 'w',
      },
      /not both/,
    ],
    [
      { VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_TOKEN_FILE: join(dir, 'absent') },
      /cannot be read \(ENOENT\)/,
    ],
    [{ VAULT_ADDR: 'vault:8200', VAULT_TOKEN: 'a' }, /VAULT_ADDR must start with http/],
    [
      { VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_TOKEN: 'a', VAULT_CACERT: join(dir, 'no-ca.pem') },
      /VAULT_CACERT .* cannot be read/,
    ],
  ];
  for (const [env, re] of cases) {
    assert.throws(
      () => createSecretSource(env, 'calc'),
      (e: unknown) =>
        isZakError(e) && e.kind === 'config' && re.test(e.message) && !e.message.includes('tok-from-file'),
      JSON.stringify(env),
    );
  }
});

test('defineSecrets derives the key list and the keys to redact', () => {
  const d = defineSecrets('gateway', {
    REDIS_URL: { secret: true, description: 'redis' },
    JWT_PUBLIC_KEYS: { secret: false, description: 'jwks' },
  });
  assert.deepEqual(d.keys, ['REDIS_URL', 'JWT_PUBLIC_KEYS']);
  assert.deepEqual(d.secretKeys, ['REDIS_URL']);
  assert.ok(Object.isFrozen(d) && Object.isFrozen(d.keys));
  assert.throws(() => defineSecrets('Bad Name', { A: { secret: true, description: '' } }));
  assert.throws(() => defineSecrets('x', { 'not-a-key': { secret: true, description: '' } }));
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SignJWT, createLocalJWKSet, importJWK, jwtVerify, type JWK } from 'jose';
import {
  FileSecretSource,
  Redactor,
  ensureDevSecrets,
  loadSecrets,
  serviceSecrets,
  serviceNames,
  type SecretDeclarations,
} from '@zakupai/secrets';

const root = mkdtempSync(join(tmpdir(), 'zk-dev-secrets-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('creates a 0600 file with every SPEC path and key; the services can load it', async () => {
  const dir = join(root, 'a', '.zakupai');
  const dev = await ensureDevSecrets(dir);
  assert.equal(dev.created, true);
  assert.equal(statSync(dev.file).mode & 0o777, 0o600);
  assert.equal(statSync(dev.privateJwkFile).mode & 0o777, 0o600);
  assert.equal(statSync(dir).mode & 0o077, 0);
  const doc = JSON.parse(readFileSync(dev.file, 'utf8')) as Record<string, Record<string, string>>;
  assert.deepEqual(Object.keys(doc).sort(), [...serviceNames].sort());
  for (const s of ['calc', 'risk', 'etl', 'billing'] as const)
    assert.equal(doc[s]!.DATABASE_URL, `pglite:${join(dir, 'pgdata')}`);
  assert.equal(doc.gateway!.REDIS_URL, 'redis://127.0.0.1:6379');
  assert.equal(
    doc.gateway!.API_KEY_PEPPER,
    doc.billing!.API_KEY_PEPPER,
    'billing and gateway share the pepper',
  );
  assert.ok(doc.billing!.API_KEY_PEPPER!.length >= 32);
  assert.match(doc.etl!.GOSZAKUP_TOKEN!, /^[0-9a-f]{48}$/);
  for (const name of serviceNames) {
    const store = await loadSecrets({
      declarations: serviceSecrets[name] as SecretDeclarations,
      source: new FileSecretSource(dev.file),
      redactor: new Redactor(),
      refreshIntervalMs: 0,
    });
    assert.equal(store.status().source, 'file');
    await store.close();
  }
  // The JWKS verifies a token signed with the private JWK kept for dev tooling.
  const priv = JSON.parse(readFileSync(dev.privateJwkFile, 'utf8')) as JWK;
  assert.ok(priv.d, 'private part present');
  const jwks = JSON.parse(doc.gateway!.JWT_PUBLIC_KEYS!) as { keys: JWK[] };
  assert.equal(jwks.keys.length, 1);
  assert.equal(jwks.keys[0]!.d, undefined, 'no private material in the public set');
  const jwt = await new SignJWT({ sub: 'dev' })
    .setProtectedHeader({ alg: priv.alg!, kid: priv.kid! })
    .setExpirationTime('5m')
    .sign(await importJWK(priv, priv.alg));
  const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks));
  assert.equal(payload.sub, 'dev');
});

test('idempotent: keeps an existing file; fills only what it lacks', async () => {
  const dir = join(root, 'b');
  const first = await ensureDevSecrets(dir);
  const before = readFileSync(first.file, 'utf8');
  const second = await ensureDevSecrets(dir);
  assert.equal(second.created, false);
  assert.equal(readFileSync(first.file, 'utf8'), before);

  const doc = JSON.parse(before) as Record<string, Record<string, string>>;
  delete doc.monitoring;
  doc.calc!.DATABASE_URL = 'postgres://kept@127.0.0.1/x';
  writeFileSync(first.file, JSON.stringify(doc), { mode: 0o600 });
  await ensureDevSecrets(dir);
  const after = JSON.parse(readFileSync(first.file, 'utf8')) as Record<string, Record<string, string>>;
  assert.equal(after.calc!.DATABASE_URL, 'postgres://kept@127.0.0.1/x');
  assert.deepEqual(Object.keys(after.monitoring!).sort(), ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_CHAT_ID']);
  assert.equal(after.gateway!.JWT_PUBLIC_KEYS, doc.gateway!.JWT_PUBLIC_KEYS);
  assert.equal(statSync(first.file).mode & 0o777, 0o600);
});

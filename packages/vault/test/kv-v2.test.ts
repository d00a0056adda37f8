import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { baoAvailable, startBao, type BaoServer } from '@zakupai/testing/bao';
import { createToken, mountKv, putSecret, readPolicy, writePolicy } from '@zakupai/testing/bao-fixtures';
import { requireServer } from '@zakupai/testing/require-server';
import { VaultClient, VaultCode, classifyKvNotFound, isVaultError, kvNotFoundError } from '@zakupai/vault';

const available = baoAvailable();
let bao: BaoServer;
let vault: VaultClient;
const SECRET = 'kv-test-value-6d1f0b9e2a';
const seen: string[] = [];

function capture(e: unknown): unknown {
  if (e instanceof Error)
    seen.push(e.message, e.stack ?? '', JSON.stringify((e as { details?: unknown }).details ?? {}));
  return e;
}

before(async () => {
  if (!available) return;
  bao = await startBao();
  await mountKv(bao, 'zakupai', 2);
  await mountKv(bao, 'legacy', 1);
  vault = new VaultClient({ addr: bao.addr, auth: { kind: 'token', token: bao.rootToken } });
});

after(async () => {
  await vault?.close();
  await bao?.stop();
  for (const s of seen) {
    assert.ok(!s.includes(SECRET), 'a secret value leaked into an error');
    if (bao) assert.ok(!s.includes(bao.rootToken), 'the token leaked into an error');
  }
});

test('write, read latest and by version, check-and-set, metadata, list', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const kv = vault.kv('zakupai');
  const v1 = await kv.write('calc', { DATABASE_URL: SECRET }, { cas: 0 });
  assert.equal(v1.version, 1);
  const v2 = await kv.write('calc', { DATABASE_URL: `${SECRET}-2`, N: 5 }, { cas: 1 });
  assert.equal(v2.version, 2);

  const latest = await kv.read('calc');
  assert.equal(latest.metadata.version, 2);
  assert.deepEqual(latest.data, { DATABASE_URL: `${SECRET}-2`, N: 5 });
  const first = await kv.read('calc', { version: 1 });
  assert.deepEqual(first.data, { DATABASE_URL: SECRET });

  // A stale check-and-set version is a 400 in Vault and OpenBao, typed as a conflict.
  const cas = await kv.write('calc', { DATABASE_URL: 'x' }, { cas: 1 }).catch(capture);
  assert.ok(isVaultError(cas, VaultCode.casMismatch), String(cas));
  assert.equal(cas.status, 400);
  assert.equal(cas.kind, 'conflict');
  // cas: 0 means create-only.
  const create = await kv.write('calc', { DATABASE_URL: 'x' }, { cas: 0 }).catch(capture);
  assert.ok(isVaultError(create, VaultCode.casMismatch));

  const meta = await kv.metadata('calc');
  assert.equal(meta?.current_version, 2);
  assert.deepEqual(Object.keys(meta?.versions ?? {}).sort(), ['1', '2']);
  assert.equal(await kv.metadata('never-written'), undefined);

  await kv.write('dir/a', { K: 'v' });
  await kv.write('dir/sub/b', { K: 'v' });
  assert.deepEqual((await kv.list()).sort(), ['calc', 'dir/']);
  assert.deepEqual((await kv.list('dir')).sort(), ['a', 'sub/']);
  assert.deepEqual(await kv.list('nothing-here'), []);
});

test('the four KV v2 404 shapes and a KV v1 mount are told apart', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const kv = vault.kv('zakupai');
  // (a) never written
  const absent = await kv.read('risk').catch(capture);
  assert.ok(isVaultError(absent, VaultCode.notFound), String(absent));
  assert.equal(absent.kind, 'not_found');

  // (b) soft-deleted latest version, and a destroyed one
  await putSecret(bao, 'zakupai', 'etl', { GOSZAKUP_TOKEN: SECRET });
  await putSecret(bao, 'zakupai', 'etl', { GOSZAKUP_TOKEN: `${SECRET}-2` });
  await kv.deleteLatest('etl');
  const deleted = await kv.read('etl').catch(capture);
  assert.ok(isVaultError(deleted, VaultCode.versionDeleted), String(deleted));
  assert.deepEqual(deleted.details, { status: 404, reason: 'deleted', version: 2 });
  assert.equal((await kv.read('etl', { version: 1 })).data.GOSZAKUP_TOKEN, SECRET);
  await kv.destroyVersions('etl', [1]);
  const destroyed = await kv.read('etl', { version: 1 }).catch(capture);
  assert.ok(isVaultError(destroyed, VaultCode.versionDeleted));
  assert.equal(destroyed.details?.reason, 'destroyed');
  await kv.undeleteVersions('etl', [2]);
  assert.equal((await kv.read('etl')).data.GOSZAKUP_TOKEN, `${SECRET}-2`);

  // (c) a v1-style path on the v2 mount: the envelope with the "Invalid path" warning
  const raw = await vault.request({ method: 'GET', path: 'zakupai/etl' });
  assert.equal(raw.status, 404);
  const shape = classifyKvNotFound(raw.body);
  assert.equal(shape.kind, 'wrong-path');
  assert.equal(kvNotFoundError('GET', 'zakupai/etl', shape).code, VaultCode.wrongPathKv1);

  // (d) no engine mounted there
  const missing = await vault.kv('nomount').read('calc').catch(capture);
  assert.ok(isVaultError(missing, VaultCode.mountMissing), String(missing));

  // A KV v1 mount read as v2 (the seed plan's `vault secrets enable -path=zakupai kv`) is explained.
  await bao.api('POST', 'legacy/calc', { DATABASE_URL: SECRET });
  const v1 = await vault.kv('legacy').read('calc').catch(capture);
  assert.ok(isVaultError(v1, VaultCode.wrongPathKv1), String(v1));
  assert.match(v1.message, /KV version 1/);
  assert.match(v1.message, /enable-versioning legacy\//);
});

test('a read-only token: reads its path, is denied elsewhere with a typed error, still sees v1 mounts', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  await putSecret(bao, 'zakupai', 'billing', { API_KEY_PEPPER: SECRET });
  await writePolicy(bao, 'ro-billing', readPolicy('zakupai', 'billing') + readPolicy('legacy', 'billing'));
  const { token } = await createToken(bao, ['ro-billing']);
  const ro = new VaultClient({ addr: bao.addr, auth: { kind: 'token', token } });
  try {
    assert.equal((await ro.kv('zakupai').read('billing')).data.API_KEY_PEPPER, SECRET);
    const denied = await ro.kv('zakupai').read('calc').catch(capture);
    assert.ok(isVaultError(denied, VaultCode.permissionDenied), String(denied));
    assert.equal(denied.kind, 'forbidden');
    const write = await ro.kv('zakupai').write('billing', { API_KEY_PEPPER: 'y' }).catch(capture);
    assert.ok(isVaultError(write, VaultCode.permissionDenied));
    // The mount preflight works with the limited token, so the v1 explanation does too.
    const v1 = await ro.kv('legacy').read('billing').catch(capture);
    assert.ok(isVaultError(v1, VaultCode.wrongPathKv1), String(v1));
  } finally {
    await ro.close();
  }
  assert.ok(!seen.some((s) => s.includes(token)));
});

test('paths with traversal or dot segments are refused before any request', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  for (const p of ['../sys/mounts', 'calc/..', 'a//b', 'calc.']) {
    const e = await vault.kv('zakupai').read(p).catch(capture);
    assert.ok(isVaultError(e, VaultCode.config), `${p}: ${String(e)}`);
  }
});

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { baoAvailable, startBao, type BaoServer } from '@zakupai/testing/bao';
import {
  accessorAlive,
  createAppRole,
  createToken,
  mountKv,
  putSecret,
  readPolicy,
  wrappedSecretId,
  writePolicy,
} from '@zakupai/testing/bao-fixtures';
import { requireServer } from '@zakupai/testing/require-server';
import { VaultClient, VaultCode, isVaultError, type VaultEvent } from '@zakupai/vault';

const available = baoAvailable();
let bao: BaoServer;
const SECRET = 'auth-test-value-93c1e4a7';
const texts: string[] = [];
const capture = (e: unknown): unknown => {
  if (e instanceof Error)
    texts.push(e.message, e.stack ?? '', JSON.stringify((e as { details?: unknown }).details ?? {}));
  return e;
};
const events = (list: VaultEvent[]) => (e: VaultEvent) => {
  list.push(e);
  texts.push(JSON.stringify(e));
};
const secrets: string[] = [SECRET];

before(async () => {
  if (!available) return;
  bao = await startBao();
  await mountKv(bao, 'zakupai', 2);
  await putSecret(bao, 'zakupai', 'calc', { DATABASE_URL: SECRET });
  await putSecret(bao, 'zakupai', 'etl', { GOSZAKUP_TOKEN: `${SECRET}-etl` });
  await writePolicy(bao, 'zakupai-calc', readPolicy('zakupai', 'calc'));
});

after(async () => {
  await bao?.stop();
  for (const s of texts)
    for (const secret of secrets) assert.ok(!s.includes(secret), `leak of a secret into: ${s.slice(0, 80)}`);
});

test('AppRole login reads the own path; the token is revoked on close()', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const role = await createAppRole(bao, 'calc', { policies: ['zakupai-calc'] });
  secrets.push(role.secretId, role.roleId);
  const log: VaultEvent[] = [];
  const vault = new VaultClient({ addr: bao.addr, auth: { kind: 'approle', ...role }, onEvent: events(log) });
  // Concurrent first calls share one login.
  const [a, b, c] = await Promise.all([1, 2, 3].map(() => vault.kv('zakupai').read('calc')));
  assert.equal(a!.data.DATABASE_URL, SECRET);
  assert.deepEqual(b!.data, c!.data);
  assert.equal(log.filter((e) => e.type === 'login').length, 1);
  const info = vault.tokenInfo()!;
  assert.ok(info.policies.includes('zakupai-calc'));
  assert.equal(info.renewable, true);
  assert.ok(vault.tokenTtlSeconds()! > 3500);
  assert.ok(await accessorAlive(bao, info.accessor!));

  // Least privilege: calc's token may not read etl.
  const denied = await vault.kv('zakupai').read('etl').catch(capture);
  assert.ok(isVaultError(denied, VaultCode.permissionDenied), String(denied));
  assert.equal(log.filter((e) => e.type === 'login').length, 1, 'a genuine denial does not trigger re-login');

  await vault.close();
  assert.equal(await accessorAlive(bao, info.accessor!), false, 'close() revokes the AppRole token');
  const closed = await vault.kv('zakupai').read('calc').catch(capture);
  assert.ok(isVaultError(closed));
});

test('a wrong secret_id is a typed login failure naming no credential', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const role = await createAppRole(bao, 'calc-bad', { policies: ['zakupai-calc'] });
  secrets.push(role.roleId);
  const wrong = 'wrong-secret-id-0123456789';
  secrets.push(wrong);
  const vault = new VaultClient({
    addr: bao.addr,
    auth: { kind: 'approle', roleId: role.roleId, secretId: wrong },
  });
  const e = await vault.kv('zakupai').read('calc').catch(capture);
  assert.ok(isVaultError(e, VaultCode.loginFailed), String(e));
  assert.equal(e.kind, 'unauthenticated');
  await vault.close();
});

test('a response-wrapped secret_id is unwrapped once; a reused wrapping token is refused', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const role = await createAppRole(bao, 'calc-wrapped', { policies: ['zakupai-calc'] });
  secrets.push(role.roleId, role.secretId);
  const wrapping = await wrappedSecretId(bao, 'calc-wrapped');
  secrets.push(wrapping);
  const vault = new VaultClient({
    addr: bao.addr,
    auth: { kind: 'approle', roleId: role.roleId, wrappedSecretId: wrapping },
  });
  assert.equal((await vault.kv('zakupai').read('calc')).data.DATABASE_URL, SECRET);
  // Re-login reuses the unwrapped secret_id, not the (spent) wrapping token.
  await vault.login();
  assert.equal((await vault.kv('zakupai').read('calc')).data.DATABASE_URL, SECRET);
  await vault.close();

  const second = new VaultClient({
    addr: bao.addr,
    auth: { kind: 'approle', roleId: role.roleId, wrappedSecretId: wrapping },
  });
  const e = await second.login().catch(capture);
  assert.ok(isVaultError(e, VaultCode.unwrapFailed), String(e));
  await second.close();
});

test('a revoked static token gives ZAK_VAULT_INVALID_TOKEN; a given token is not revoked on close', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const { token, accessor } = await createToken(bao, ['zakupai-calc']);
  secrets.push(token);
  const vault = new VaultClient({ addr: bao.addr, auth: { kind: 'token', token } });
  assert.equal((await vault.kv('zakupai').read('calc')).data.DATABASE_URL, SECRET);
  await vault.close();
  assert.equal(await accessorAlive(bao, accessor), true, "the operator's token survives close()");

  await bao.api('POST', 'auth/token/revoke-accessor', { accessor });
  const again = new VaultClient({ addr: bao.addr, auth: { kind: 'token', token } });
  const e = await again.kv('zakupai').read('calc').catch(capture);
  assert.ok(isVaultError(e, VaultCode.invalidToken), String(e));
  await again.close();
});

test('a sealed server gives ZAK_VAULT_SEALED; health reports it without throwing', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const vault = new VaultClient({
    addr: bao.addr,
    auth: { kind: 'token', token: bao.rootToken },
    maxRetries: 1,
    retryBaseMs: 10,
  });
  try {
    await bao.seal();
    const h = await vault.sys.health();
    assert.equal(h.sealed, true);
    assert.equal(h.role, 'sealed');
    assert.equal(h.httpStatus, 503);
    const e = await vault.kv('zakupai').read('calc').catch(capture);
    assert.ok(isVaultError(e, VaultCode.sealed), String(e));
    assert.equal(e.kind, 'unavailable');
    const seal = await vault.sys.sealStatus();
    assert.equal(seal.sealed, true);
    assert.equal(seal.threshold, 1);
  } finally {
    await bao.unseal();
  }
  const h = await vault.sys.health();
  assert.equal(h.role, 'active');
  assert.equal(typeof h.version, 'string');
  await vault.close();
});

test('an unreachable server gives ZAK_VAULT_UNREACHABLE within the timeout', async () => {
  // A port that accepts connections but never answers, and one that refuses them.
  const silent = createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const port = (silent.address() as { port: number }).port;
  try {
    const vault = new VaultClient({
      addr: `http://127.0.0.1:${port}`,
      auth: { kind: 'token', token: 'tok-never-shown-123' },
      timeoutMs: 300,
      maxRetries: 1,
      retryBaseMs: 10,
    });
    const started = Date.now();
    const e = await vault.kv('zakupai').read('calc').catch(capture);
    assert.ok(isVaultError(e, VaultCode.unreachable), String(e));
    assert.ok(Date.now() - started < 1500, 'gave up within timeout × attempts');
    assert.match(e.message, /no answer within 300ms/);
    assert.ok(!e.message.includes('tok-never-shown-123'));
    await vault.close();
  } finally {
    silent.closeAllConnections();
    silent.close();
  }
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const closedPort = (closed.address() as { port: number }).port;
  await new Promise((r) => closed.close(r));
  const refused = new VaultClient({ addr: `http://127.0.0.1:${closedPort}`, maxRetries: 0, timeoutMs: 1000 });
  const e2 = await refused.sys.health().catch(capture);
  assert.ok(isVaultError(e2, VaultCode.unreachable));
  assert.match(e2.message, /ECONNREFUSED/);
});

test('VAULT_CACERT: HTTPS with the dev CA works; without it the TLS failure is typed', async (t) => {
  if (!requireServer(t, available, 'bao')) return;
  const tls = await startBao({ tls: true });
  try {
    const { readFileSync } = await import('node:fs');
    const ca = readFileSync(tls.caCertPath!, 'utf8');
    const ok = new VaultClient({ addr: tls.addr, caCert: ca, auth: { kind: 'token', token: tls.rootToken } });
    assert.equal((await ok.sys.health()).role, 'active');
    assert.ok((await ok.lookupSelf()).policies.includes('root'));
    await ok.close();
    const bad = new VaultClient({ addr: tls.addr, maxRetries: 0 });
    const e = await bad.sys.health().catch(capture);
    assert.ok(isVaultError(e, VaultCode.unreachable), String(e));
    await bad.close();
  } finally {
    await tls.stop();
  }
});

test('X-Vault-Request and X-Vault-Namespace are sent', async () => {
  const seenHeaders: Record<string, string | string[] | undefined>[] = [];
  const srv = createServer((req, res) => {
    seenHeaders.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { data: { K: 'v' }, metadata: { version: 1 } } }));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  const vault = new VaultClient({
    addr: `http://127.0.0.1:${port}/`,
    namespace: 'team-a/',
    auth: { kind: 'token', token: 't' },
    autoRenew: false,
  });
  await vault.kv('zakupai').read('calc');
  await vault.close();
  srv.close();
  assert.ok(seenHeaders.length >= 1);
  for (const h of seenHeaders) {
    assert.equal(h['x-vault-request'], 'true');
    assert.equal(h['x-vault-namespace'], 'team-a/');
  }
});

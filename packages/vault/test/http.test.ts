import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { VaultClient, VaultCode, isVaultError, parseHealth } from '@zakupai/vault';

// A scripted HTTP server standing in for Vault's transport behaviour only (status codes and bodies).
let srv: Server;
let addr = '';
let script: { status: number; body: unknown }[] = [];
let hits = 0;
let dataHits = 0;

before(async () => {
  srv = createServer((req, res) => {
    hits++;
    if (req.url?.startsWith('/v1/m/data/')) dataHits++;
    const next = script.shift() ?? {
      status: 200,
      body: { data: { data: { K: 'v' }, metadata: { version: 1 } } },
    };
    res.writeHead(next.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(next.body));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  addr = `http://127.0.0.1:${(srv.address() as { port: number }).port}`;
});
after(() => srv.close());

const client = () =>
  new VaultClient({
    addr,
    auth: { kind: 'token', token: 't' },
    autoRenew: false,
    maxRetries: 3,
    retryBaseMs: 5,
    retryCapMs: 20,
  });

for (const status of [429, 500, 502, 503]) {
  test(`${status} is retried, then succeeds`, async () => {
    const v = client();
    await v.login().catch(() => undefined); // lookup-self consumes one default answer
    hits = 0;
    script = [
      { status, body: { errors: ['transient'] } },
      { status, body: { errors: ['transient'] } },
    ];
    assert.equal((await v.kv('m').read('p')).data.K, 'v');
    assert.equal(hits, 3);
  });
}

test('retries are bounded; the last answer is classified', async () => {
  const v = client();
  await v.login().catch(() => undefined);
  hits = 0;
  script = Array.from({ length: 10 }, () => ({ status: 503, body: { errors: ['Vault is sealed'] } }));
  const e = await v
    .kv('m')
    .read('p')
    .catch((x: unknown) => x);
  assert.ok(isVaultError(e, VaultCode.sealed));
  assert.equal(hits, 4);
  script = [];
});

for (const [status, code] of [
  [400, VaultCode.badRequest],
  [404, VaultCode.notFound],
] as const) {
  test(`${status} is never retried`, async () => {
    const v = client();
    await v.login().catch(() => undefined);
    hits = 0;
    dataHits = 0;
    script = [{ status, body: { errors: status === 404 ? [] : ['bad'] } }];
    const e = await v
      .kv('m')
      .read('p')
      .catch((x: unknown) => x);
    assert.ok(isVaultError(e, code), String(e));
    assert.equal(dataHits, 1);
  });
}

test('403 is never retried as such (one lookup-self check only)', async () => {
  const v = client();
  await v.login().catch(() => undefined);
  hits = 0;
  script = [{ status: 403, body: { errors: ['1 error occurred:\n\t* permission denied\n\n'] } }];
  const e = await v
    .kv('m')
    .read('p')
    .catch((x: unknown) => x);
  assert.ok(isVaultError(e, VaultCode.permissionDenied), String(e));
  assert.equal(hits, 2, 'the denied read plus one lookup-self');
});

test('sys/health bodies of every Vault 1.17 status are parsed', () => {
  const base = {
    initialized: true,
    sealed: false,
    standby: false,
    replication_performance_mode: 'disabled',
    replication_dr_mode: 'disabled',
    version: '1.17.6',
  };
  assert.equal(parseHealth(200, base).role, 'active');
  assert.equal(parseHealth(429, { ...base, standby: true }).role, 'standby');
  assert.equal(parseHealth(472, { ...base, replication_dr_mode: 'secondary' }).role, 'dr-secondary');
  assert.equal(parseHealth(473, { ...base, standby: true, performance_standby: true }).role, 'perf-standby');
  assert.equal(parseHealth(501, { ...base, initialized: false, sealed: true }).role, 'uninitialized');
  const sealed = parseHealth(503, { ...base, sealed: true, standby: true });
  assert.equal(sealed.role, 'sealed');
  assert.equal(sealed.version, '1.17.6');
  assert.throws(
    () => parseHealth(503, { errors: ['maintenance'] }),
    (e: unknown) => isVaultError(e, VaultCode.badResponse),
  );
});

test('health parses a 429/503 body from the server without throwing', async () => {
  const v = client();
  script = [{ status: 429, body: { initialized: true, sealed: false, standby: true, version: '1.17.6' } }];
  const h = await v.sys.health();
  assert.equal(h.httpStatus, 429);
  assert.equal(h.role, 'standby');
});

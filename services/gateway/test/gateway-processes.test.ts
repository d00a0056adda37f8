import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { RunningService } from '@zakupai/kit';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { baoAvailable, startBao, type BaoServer } from '@zakupai/testing/bao';
import { createToken, mountKv, putSecret, readPolicy, writePolicy } from '@zakupai/testing/bao-fixtures';
import { start as startBillingService } from '../../billing/src/main.ts';
import { jwks, makeSigner, type Signer } from '../../billing/test/support/tokens.ts';
import { startEchoUpstream, type EchoUpstream } from './support/echo-upstream.ts';
import { spawnGateway, type GatewayProcess } from './support/gateway-process.ts';
import { MACHINE_REDIS, redisAvailable } from '@zakupai/testing/redis';
import { freePort } from '@zakupai/testing/free-port';

const [pgUp, redisUp] = await Promise.all([postgresAvailable(), redisAvailable()]);
const baoUp = baoAvailable();
const ISSUER = 'https://auth.zakupai.test';
const AUDIENCE = 'zakupai-api';

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The real composition roots: billing (`start()` in this process) and two gateway processes, all loading
 * their secrets from OpenBao with tokens that may read only their own path.
 */
describe('gateway processes with secrets in Vault', () => {
  let bao: BaoServer;
  let testDb: TestDatabase;
  let billing: RunningService;
  let billingLogs = '';
  let upstream: EchoUpstream;
  const gws: GatewayProcess[] = [];
  let admin: Signer;
  const pepper = randomBytes(32).toString('base64url');
  const planted: string[] = [];
  const tokens: Record<string, string> = {};

  const adminCall = async (method: string, path: string, body?: object, signer = admin) => {
    const token = await signer.sign({ sub: 'ops', scope: 'zakupai:admin' });
    const r = await fetch(`${billing.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, body: (await r.json()) as Record<string, string> };
  };

  before(async () => {
    // Without them the tests below skip, or fail under CI (requireServer).
    if (!pgUp || !redisUp || !baoUp) return;
    bao = await startBao();
    await mountKv(bao, 'zakupai', 2);
    admin = await makeSigner('vault-1');
    testDb = await createTestDatabase('zk_gw_proc');
    await putSecret(bao, 'zakupai', 'billing', { DATABASE_URL: testDb.url, API_KEY_PEPPER: pepper });
    await putSecret(bao, 'zakupai', 'gateway', {
      REDIS_URL: MACHINE_REDIS,
      JWT_PUBLIC_KEYS: jwks(admin),
      API_KEY_PEPPER: pepper,
    });
    for (const svc of ['billing', 'gateway']) {
      await writePolicy(bao, `zakupai-${svc}`, readPolicy('zakupai', svc));
      tokens[svc] = (await createToken(bao, [`zakupai-${svc}`])).token;
    }
    upstream = await startEchoUpstream('calc');
    const gatewayPort = await freePort();
    const common = {
      VAULT_ADDR: bao.addr,
      VAULT_REFRESH_INTERVAL: '300ms',
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
    };
    // Billing learns the admin keys from the first gateway's published JWKS.
    billing = await startBillingService(
      {
        ...common,
        VAULT_TOKEN: tokens.billing!,
        PORT: '0',
        METRICS_PORT: '0',
        GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`,
      },
      { destination: new Writable({ write: (c, _e, cb) => ((billingLogs += c.toString()), cb()) }) },
    );
    const prefix = `zk:test:${randomBytes(6).toString('hex')}:`;
    const gwEnv = {
      ...common,
      VAULT_TOKEN: tokens.gateway!,
      BILLING_URL: billing.url,
      CALC_URL: upstream.url,
      GATEWAY_REDIS_PREFIX: prefix,
      GATEWAY_KEY_CACHE_TTL_MS: '1000',
    };
    gws.push(
      ...(await Promise.all([spawnGateway({ ...gwEnv, PORT: String(gatewayPort) }), spawnGateway(gwEnv)])),
    );
  });
  after(async () => {
    for (const g of gws) await g.stop();
    await billing?.stop();
    await upstream?.close();
    await testDb?.drop();
    await bao?.stop();
  });

  test('two gateway processes on one Redis hold a combined per-key limit exactly', async (t) => {
    if (!requireServer(t, pgUp && redisUp && baoUp, 'PostgreSQL, Redis on 127.0.0.1:6379 and the bao binary'))
      return;
    assert.equal(
      (
        await adminCall('PUT', '/admin/plans/proc', {
          hourlyQuota: 30,
          dailyQuota: 1000,
          features: ['basic_analysis'],
        })
      ).status,
      200,
    );
    const created = await adminCall('POST', '/admin/keys', { owner: 'proc-test', plan: 'proc' });
    assert.equal(created.status, 201);
    const key = created.body.key!;
    planted.push(key);
    const rs = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        fetch(`${gws[i % 2]!.url}/api/calc/p`, { headers: { 'x-api-key': key } }).then(
          async (r) => (await r.arrayBuffer(), r.status),
        ),
      ),
    );
    assert.equal(rs.filter((s) => s === 200).length, 30);
    assert.equal(rs.filter((s) => s === 429).length, 50);
    assert.equal(upstream.seen.length, 30);
    for (const g of gws)
      assert.match(await (await fetch(g.metricsUrl)).text(), /gateway_ratelimit_fallback\{[^}]*\} 0/);
  });

  test('rotating JWT_PUBLIC_KEYS in Vault takes effect in both processes and in billing without a restart', async (t) => {
    if (!requireServer(t, pgUp && redisUp && baoUp, 'PostgreSQL, Redis on 127.0.0.1:6379 and the bao binary'))
      return;
    const next = await makeSigner('vault-2');
    const callWith = (g: GatewayProcess, s: Signer) =>
      s
        .sign({ scope: 'zakupai:calc' })
        .then((tok) =>
          fetch(`${g.url}/api/calc/j`, { headers: { authorization: `Bearer ${tok}` } }).then(
            async (r) => (await r.arrayBuffer(), r.status),
          ),
        );
    for (const g of gws) {
      assert.equal(await callWith(g, admin), 200);
      assert.equal(await callWith(g, next), 401);
    }
    await putSecret(bao, 'zakupai', 'gateway', {
      REDIS_URL: MACHINE_REDIS,
      JWT_PUBLIC_KEYS: jwks(next),
      API_KEY_PEPPER: pepper,
    });
    for (const g of gws) {
      await eventually('the new key to be accepted', async () => (await callWith(g, next)) === 200);
      assert.equal(await callWith(g, admin), 401, 'the retired key is refused');
      assert.match(g.output(), /JWKS reloaded/);
    }
    // Billing's admin API follows the published JWKS (re-fetched on an unknown kid).
    await eventually(
      'billing to accept the new admin key',
      async () => (await adminCall('GET', '/admin/plans', undefined, next)).status === 200,
    );
    assert.equal((await adminCall('GET', '/admin/plans', undefined, admin)).status, 401);
  });

  test('no key, pepper or token appears in any process output', async (t) => {
    if (!requireServer(t, pgUp && redisUp && baoUp, 'PostgreSQL, Redis on 127.0.0.1:6379 and the bao binary'))
      return;
    const all = `${billingLogs}\n${gws.map((g) => g.output()).join('\n')}`;
    assert.ok(all.includes('gateway listening') && all.includes('billing listening'));
    for (const key of planted) assert.ok(!all.includes(key.slice(21)));
    assert.ok(!all.includes(pepper));
    for (const token of Object.values(tokens))
      assert.ok(!all.includes(token), 'no Vault token in the output');
  });
});

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { startBilling, type BillingHarness } from '../../billing/test/support/billing-harness.ts';
import { jwks, makeSigner, unsecuredToken, type Signer } from '../../billing/test/support/tokens.ts';
import { startEchoUpstream, type EchoUpstream } from './support/echo-upstream.ts';
import { startGateway, type GatewayHarness } from './support/gateway-harness.ts';
import { MACHINE_REDIS, redisAvailable } from '@zakupai/testing/redis';
import { freePort } from '@zakupai/testing/free-port';

const [pgUp, redisUp] = await Promise.all([postgresAvailable(), redisAvailable()]);
const TTL_MS = 800;

interface Echoed {
  service: string;
  url: string;
  headers: Record<string, string | undefined>;
}

describe('gateway: authentication, authorization and proxying', () => {
  let billing: BillingHarness;
  let billingUrl: string;
  let calc: EchoUpstream;
  let risk: EchoUpstream;
  let gw: GatewayHarness;
  let signer: Signer;
  let freeKey: string;
  let premiumKey: string;
  const planted: string[] = [];
  const responses: string[] = [];

  const adminPost = async (path: string, body: object) => {
    const r = await fetch(`${billingUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${billing.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, string> };
  };
  const newKey = async (plan: string) => {
    const { body } = await adminPost('/admin/keys', { owner: 'gw-test', plan });
    planted.push(body.key!);
    return body.key!;
  };
  const call = async (path: string, init: RequestInit = {}) => {
    const r = await fetch(`${gw.url}${path}`, init);
    const text = await r.text();
    responses.push(text, JSON.stringify([...r.headers]));
    return { status: r.status, headers: r.headers, text, json: () => JSON.parse(text) };
  };
  const rawGet = (url: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: Headers; json: () => Echoed }>((resolve, reject) => {
      http
        .get(url, { headers, agent: false }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            responses.push(text, JSON.stringify(res.headers));
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
            resolve({ status: res.statusCode ?? 0, headers: h, json: () => JSON.parse(text) });
          });
        })
        .on('error', reject);
    });
  const withKey = (key: string, extra: Record<string, string> = {}) => ({
    headers: { 'x-api-key': key, ...extra },
  });
  const withToken = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });

  before(async () => {
    // Without them the tests below skip, or fail under CI (requireServer).
    if (!pgUp || !redisUp) return;
    billing = await startBilling('postgres');
    billingUrl = await billing.listen();
    [calc, risk] = await Promise.all([startEchoUpstream('calc'), startEchoUpstream('risk')]);
    signer = await makeSigner('gw-1');
    gw = await startGateway({
      billingUrl,
      pepper: billing.pepper,
      jwks: jwks(signer),
      redisUrl: MACHINE_REDIS,
      upstreams: { calc: calc.url, risk: risk.url, etl: `http://127.0.0.1:${await freePort()}` },
      keyCacheTtlMs: TTL_MS,
      bodyLimitBytes: 256 * 1024,
      usageFlushMs: 60_000,
    });
    freeKey = await newKey('free');
    premiumKey = await newKey('premium');
  });
  after(async () => {
    await gw?.close();
    await Promise.all([calc?.close(), risk?.close()]);
    await billing?.close();
  });

  test('no credential, a wrong key, a malformed key and two credentials are all 401', async (t) => {
    if (!requireServer(t, pgUp && redisUp, 'PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'))
      return;
    const none = await call('/api/calc/v1/vat');
    assert.equal(none.status, 401);
    assert.equal(none.json().error.code, 'ZAK_UNAUTHENTICATED');
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
    const wrong = await call('/api/calc/v1/vat', withKey(`${freeKey.slice(0, 21)}${'x'.repeat(43)}`));
    assert.equal(wrong.status, 401);
    const unknownPrefix = await call('/api/calc/v1/vat', withKey(`zk_live_000000000000_${'A'.repeat(43)}`));
    assert.equal(unknownPrefix.status, 401);
    const malformed = await call('/api/calc/v1/vat', withKey('letmein'));
    assert.equal(malformed.status, 401);
    const both = await call('/api/calc/v1/vat', {
      headers: {
        'x-api-key': freeKey,
        authorization: `Bearer ${await signer.sign({ scope: 'zakupai:calc' })}`,
      },
    });
    assert.equal(both.status, 401);
    const basic = await call('/api/calc/v1/vat', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    assert.equal(basic.status, 401);
    assert.equal(calc.seen.length, 0, 'nothing reached the service');
  });

  test('a valid key gets the service answer; request id passed on, credentials and hop-by-hop headers not', async (t) => {
    if (!requireServer(t, pgUp && redisUp, 'PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'))
      return;
    // node:http, because fetch refuses to send a Connection header naming other fields.
    const r = await rawGet(`${gw.url}/api/calc/v1/vat?date=2025-01-01`, {
      'x-api-key': premiumKey,
      'x-request-id': 'req-gw-1',
      cookie: 'session=abc',
      connection: 'keep-alive, x-drop-me',
      'x-drop-me': '1',
      'x-keep': 'yes',
      'x-zakupai-principal': 'forged',
    });
    assert.equal(r.status, 200);
    const body = r.json();
    assert.equal(body.service, 'calc');
    assert.equal(body.url, '/v1/vat?date=2025-01-01');
    assert.equal(body.headers['x-request-id'], 'req-gw-1');
    assert.equal(r.headers.get('x-request-id'), 'req-gw-1');
    for (const h of ['x-api-key', 'authorization', 'cookie', 'x-drop-me'])
      assert.equal(body.headers[h], undefined, `${h} not forwarded`);
    assert.equal(body.headers['x-keep'], 'yes');
    assert.equal(body.headers['x-zakupai-principal'], encodeURIComponent(`key:${premiumKey.slice(0, 20)}`));
    assert.equal(body.headers['x-forwarded-for'], '127.0.0.1');
    // The service's own hop-by-hop and limit headers are replaced by the gateway's.
    assert.equal(r.headers.get('x-hop'), null);
    assert.equal(r.headers.get('x-ratelimit-limit'), null);
    assert.equal(r.headers.get('x-upstream'), 'calc');
    assert.equal(r.headers.get('ratelimit-limit'), '500');
    assert.equal(r.headers.get('ratelimit-remaining'), '499');
    assert.equal(r.headers.get('ratelimit-policy'), '500;w=3600, 5000;w=86400');
    assert.ok(
      Number(r.headers.get('ratelimit-reset')) >= 1 && Number(r.headers.get('ratelimit-reset')) <= 3600,
    );
    const root = await call('/api/risk', withKey(premiumKey));
    assert.equal(root.json().url, '/');
    const status = await call('/api/calc/status/418', withKey(premiumKey));
    assert.equal(status.status, 418, 'the service status passes through');
  });

  test('authorization: a plan without the feature, or a token without the scope, is 403', async (t) => {
    if (!requireServer(t, pgUp && redisUp, 'PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'))
      return;
    const free = await call('/api/risk/v1/score', withKey(freeKey));
    assert.equal(free.status, 403);
    assert.match(free.json().error.message, /risk_scoring/);
    const ok = await call('/api/calc/v1/vat', withKey(freeKey));
    assert.equal(ok.status, 200);
    const calcOnly = await signer.sign({ scope: 'zakupai:calc' });
    assert.equal((await call('/api/risk/x', withToken(calcOnly))).status, 403);
    assert.equal((await call('/api/calc/x', withToken(calcOnly))).status, 200);
    const admin = await signer.sign({ scp: ['zakupai:admin'] });
    assert.equal((await call('/api/risk/x', withToken(admin))).status, 200);
  });

  test('JWT: expired, not yet valid, wrong audience or issuer, alg none and unknown key are 401', async (t) => {
    if (!requireServer(t, pgUp && redisUp, 'PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'))
      return;
    const now = Math.floor(Date.now() / 1000);
    const scope = { scope: 'zakupai:calc' };
    const stranger = await makeSigner('gw-1');
    const unknownKid = await makeSigner('gw-unknown');
    const cases: Array<[string, string]> = [
      ['expired', await signer.sign(scope, { exp: now - 60 })],
      ['not yet valid', await signer.sign(scope, { nbf: now + 120 })],
      ['wrong audience', await signer.sign(scope, { aud: 'someone-else' })],
      ['wrong issuer', await signer.sign(scope, { iss: 'https://evil.example' })],
      ['no exp', await signer.sign(scope, { omitExp: true })],
      ['alg none', unsecuredToken(scope)],
      ['same kid, other key', await stranger.sign(scope)],
      ['unknown kid', await unknownKid.sign(scope)],
      ['garbage', 'abc.def.ghi'],
    ];
    for (const [name, token] of cases) {
      const r = await call('/api/calc/v1/vat', withToken(token));
      assert.equal(r.status, 401, name);
      assert.equal(r.json().error.code, 'ZAK_UNAUTHENTICATED', name);
    }
    const valid = await call(
      '/api/calc/v1/vat',
      withToken(await signer.sign({ ...scope, sub: 'svc-reporting' })),
    );
    assert.equal(valid.status, 200);
    assert.equal(valid.json().headers['x-zakupai-principal'], encodeURIComponent('jwt:svc-reporting'));
    assert.equal(valid.json().headers.authorization, undefined);
    assert.equal(
      valid.headers.get('ratelimit-limit'),
      '20',
      'a token without a plan claim gets the free quotas',
    );
  });

  test('a revoked key is refused within the cache TTL', async (t) => {
    if (!requireServer(t, pgUp && redisUp, 'PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'))
      return;
    const key = await newKey('free');
    assert.equal((await call('/api/calc/a', withKey(key))).status, 200);
    const revoked = await adminPost(`/admin/keys/${key.slice(0, 20)}/revoke`, {});
    assert.equal(revoked.status, 200);
    const at = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - at < TTL_MS + 2000) {
      status = (await call('/api/calc/a', withKey(key))).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 50));
    }
    const took = Date.now() - at;
    assert.equal(status, 401);
    assert.ok(took <= TTL_MS + 300, `refused after ${took} ms (TTL ${TTL_MS} ms)`);
  });

  test('JWKS rotation applies without a restart', async (t) => {
    if (!requireServer(t, pgUp && redisUp, 'PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'))
      return;
    const next = await makeSigner('gw-2');
    const oldToken = await signer.sign({ scope: 'zakupai:calc' });
    const newToken = await next.sign({ scope: 'zakupai:calc' });
    assert.equal((await call('/api/calc/x', withToken(oldToken))).status, 200);
    assert.equal((await call('/api/calc/x', withToken(newToken))).status, 401);
    await gw.secrets.set({ JWT_PUBLIC_KEYS: jwks(next) });
    assert.equal((await call('/api/calc/x', withToken(newToken))).status, 200);
    assert.equal((await call('/api/calc/x', withToken(oldToken))).status, 401);
    const published = (await call('/.well-known/jwks.json')).json();
    assert.deepEqual(
      published.keys.map((k: { kid: string }) => k.kid),
      ['gw-2'],
    );
    // A broken set is refused; the current keys stay.
    await gw.secrets.set({ JWT_PUBLIC_KEYS: '{"keys": [{"kty": "oct", "kid": "x", "k": "c2VjcmV0"}]}' });
    assert.equal((await call('/api/calc/x', withToken(newToken))).status, 200);
    assert.ok(gw.logs.text().includes('new JWT_PUBLIC_KEYS refused'));
    await gw.secrets.set({ JWT_PUBLIC_KEYS: jwks(signer, next) });
    assert.equal((await call('/api/calc/x', withToken(oldToken))).status, 200);
  });

  test('bodies stream both ways; a body over the limit is 413 however it is sent', async (t) => {
    if (!requireServer(t, pgUp && redisUp, 'PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'))
      return;
    const payload = randomBytes(200 * 1024);
    const r = await call('/api/calc/upload', {
      method: 'POST',
      body: payload,
      headers: { 'x-api-key': premiumKey, 'content-type': 'application/octet-stream' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.json().bodyBytes, payload.length);
    assert.equal(r.json().bodySha256, createHash('sha256').update(payload).digest('hex'));
    const json = await call('/api/calc/v1/margin', {
      method: 'POST',
      body: '{"cost":"100.00"}',
      headers: { 'x-api-key': premiumKey, 'content-type': 'application/json' },
    });
    assert.equal(json.json().bodyBytes, 17);
    assert.equal(json.json().headers['content-type'], 'application/json');

    const big = randomBytes(300 * 1024);
    const declared = await call('/api/calc/upload', {
      method: 'POST',
      body: big,
      headers: { 'x-api-key': premiumKey, 'content-type': 'application/octet-stream' },
    });
    assert.equal(declared.status, 413);
    const chunked = await call('/api/calc/upload', {
      method: 'POST',
      headers: { 'x-api-key': premiumKey, 'content-type': 'application/octet-stream' },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 6; i++) c.enqueue(big.subarray(i * 51200, (i + 1) * 51200));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 413);
    assert.equal(chunked.json().error.code, 'ZAK_PAYLOAD_TOO_LARGE');

    const streamed = await fetch(`${gw.url}/api/calc/stream`, withKey(premiumKey));
    const lines: string[] = [];
    const decoder = new TextDecoder();
    for await (const chunk of streamed.body as unknown as AsyncIterable<Uint8Array>)
      lines.push(decoder.decode(chunk));
    assert.equal(lines.join(''), 'chunk-0\nchunk-1\nchunk-2\nchunk-3\nchunk-4\n');
    assert.ok(lines.length > 1, 'the response arrived in pieces, not buffered');
  });

  test('a service that is down is a fast 503 with Retry-After', async (t) => {
    if (!requireServer(t, pgUp && redisUp, 'PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'))
      return;
    const started = Date.now();
    const r = await call('/api/etl/v1/lots', withKey(premiumKey));
    assert.equal(r.status, 503);
    assert.equal(r.json().error.code, 'ZAK_UPSTREAM_UNAVAILABLE');
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
    assert.ok(Date.now() - started < 1500, 'no hang');
    assert.match(
      await gw.metrics.registry.metrics(),
      /gateway_upstream_errors_total\{[^}]*upstream="etl",code="ZAK_UPSTREAM_UNAVAILABLE"[^}]*\} 1/,
    );
  });

  test('usage is metered per key per day and reaches billing', async (t) => {
    if (!requireServer(t, pgUp && redisUp, 'PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'))
      return;
    const key = await newKey('free');
    for (let i = 0; i < 7; i++) assert.equal((await call('/api/calc/u', withKey(key))).status, 200);
    assert.equal((await call('/api/risk/u', withKey(key))).status, 403, 'refused requests are not metered');
    await gw.gateway.usage.flush();
    const today = new Date().toISOString().slice(0, 10);
    const r = await fetch(`${billingUrl}/admin/keys/${key.slice(0, 20)}/usage?from=${today}&to=${today}`, {
      headers: { authorization: `Bearer ${billing.adminToken}` },
    });
    assert.deepEqual(((await r.json()) as { days: unknown }).days, [{ day: today, requests: '7' }]);
  });

  test('keys at rest: no API key in the database, the logs or any gateway response', async (t) => {
    if (!requireServer(t, pgUp && redisUp, 'PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'))
      return;
    const dump = await billing.dump();
    const logs = `${gw.logs.text()}\n${billing.logs.text()}`;
    assert.ok(gw.logs.lines.length > 10, 'the gateway logged requests');
    for (const key of planted) {
      const secret = key.slice(21);
      assert.ok(!dump.includes(secret), 'not in the database');
      assert.ok(!logs.includes(secret), 'not in the logs');
      assert.ok(!responses.some((r) => r.includes(secret)), 'not in a gateway response');
    }
    const upstreamSaw = JSON.stringify([...calc.seen, ...risk.seen]);
    for (const key of planted)
      assert.ok(!upstreamSaw.includes(key.slice(21)), 'never forwarded to a service');
  });
});

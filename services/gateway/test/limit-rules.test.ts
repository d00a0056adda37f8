import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, windowAt } from '../src/domain/limit-windows.ts';
import { MemoryLimiter } from '../src/limits/memory-limiter.ts';
import { authorize, ROUTE_POLICIES } from '../src/domain/upstream-routes.ts';
import { clientResponseHeaders, upstreamRequestHeaders } from '../src/proxy/forward-headers.ts';
import { parseJwks } from '../src/auth/jwks-keys.ts';
import { readGatewayConfig } from '../src/gateway-config.ts';

const HOUR = 3_600_000;
const t0 = Date.UTC(2025, 0, 1, 10, 0, 0);

test('windows align to UTC hours and days and report the seconds left', () => {
  assert.deepEqual(windowAt(t0 + 1000, 3600), {
    index: Math.floor((t0 + 1000) / HOUR),
    resetSeconds: 3599,
    ttlMs: 3_599_000,
  });
  assert.equal(windowAt(t0 + HOUR - 1, 3600).resetSeconds, 1);
  assert.equal(windowAt(t0, 86_400).resetSeconds, 14 * 3600);
});

test('decide picks the binding window and the retry time of every exhausted window', () => {
  const d = decide(true, [
    { limit: 20, used: 5, resetSeconds: 100 },
    { limit: 100, used: 98, resetSeconds: 5000 },
  ]);
  assert.deepEqual(d, {
    allowed: true,
    limit: 100,
    remaining: 2,
    resetSeconds: 5000,
    policy: '20;w=3600, 100;w=86400',
  });
  const refused = decide(false, [
    { limit: 20, used: 20, resetSeconds: 100 },
    { limit: 100, used: 40, resetSeconds: 5000 },
  ]);
  assert.equal(refused.remaining, 0);
  assert.equal(refused.retryAfterSeconds, 100);
  const both = decide(false, [
    { limit: 20, used: 20, resetSeconds: 100 },
    { limit: 100, used: 100, resetSeconds: 5000 },
  ]);
  assert.equal(both.retryAfterSeconds, 5000);
});

test('memory limiter: hourly and daily quotas, refusals not counted, new hour resets the hourly count', async () => {
  const m = new MemoryLimiter();
  const q = { hourly: 3, daily: 5 };
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push((await m.take('k', q, t0 + i)).allowed);
  assert.deepEqual(codes, [true, true, true, false, false]);
  const nextHour = [];
  for (let i = 0; i < 4; i++) nextHour.push((await m.take('k', q, t0 + HOUR + i)).allowed);
  assert.deepEqual(nextHour, [true, true, false, false], 'the daily quota of 5 binds: 3 + 2');
  const last = await m.take('k', q, t0 + HOUR + 10);
  assert.equal(last.limit, 5);
  assert.equal(last.retryAfterSeconds, 13 * 3600);
  assert.equal((await m.take('other', q, t0)).allowed, true, 'subjects are counted apart');
  m.clear();
  assert.equal((await m.take('k', q, t0 + HOUR + 20)).allowed, true);
});

test('authorization by plan feature and by scope', () => {
  const calc = ROUTE_POLICIES.find((r) => r.upstream === 'calc')!;
  const risk = ROUTE_POLICIES.find((r) => r.upstream === 'risk')!;
  const key = {
    kind: 'api_key' as const,
    keyId: 'k',
    prefix: 'p',
    plan: 'free',
    quotas: { hourly: 1, daily: 1 },
    features: ['basic_analysis'],
  };
  assert.deepEqual(authorize(key, calc), { ok: true });
  assert.equal(authorize(key, risk).ok, false);
  const jwt = {
    kind: 'jwt' as const,
    subject: 's',
    plan: 'free',
    quotas: { hourly: 1, daily: 1 },
    scopes: ['zakupai:risk'],
  };
  assert.equal(authorize(jwt, risk).ok, true);
  assert.equal(authorize(jwt, calc).ok, false);
  assert.equal(authorize({ ...jwt, scopes: ['zakupai:admin'] }, calc).ok, true);
});

test('forwarded headers: credentials, hop-by-hop and spoofed gateway headers dropped', () => {
  const out = upstreamRequestHeaders(
    {
      host: 'api.zakupai.kz',
      authorization: 'Bearer x',
      'x-api-key': 'k',
      cookie: 'c',
      connection: 'keep-alive, x-secret-hop',
      'x-secret-hop': '1',
      te: 'trailers',
      'transfer-encoding': 'chunked',
      'proxy-authorization': 'Basic y',
      'x-forwarded-for': '6.6.6.6',
      'x-zakupai-principal': 'admin',
      'content-type': 'application/json',
      'content-length': '12',
      'x-request-id': 'client-chosen',
    },
    {
      requestId: 'rid',
      clientIp: '10.0.0.1',
      host: 'api.zakupai.kz',
      proto: 'https',
      principal: 'key:zk_live_abc',
    },
  );
  assert.deepEqual(out, {
    'content-type': 'application/json',
    'content-length': '12',
    'x-request-id': 'rid',
    'x-forwarded-for': '10.0.0.1',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'api.zakupai.kz',
    'x-zakupai-principal': 'key%3Azk_live_abc',
  });
  assert.deepEqual(
    clientResponseHeaders({
      'content-type': 'text/plain',
      'keep-alive': 'timeout=5',
      connection: 'close',
      'ratelimit-limit': '600',
      'x-ratelimit-remaining': '1',
      'retry-after': '3',
    }),
    { 'content-type': 'text/plain', 'retry-after': '3' },
  );
});

test('JWKS parsing refuses private, symmetric, kid-less and duplicate keys, naming no material', () => {
  const pub = { kty: 'EC', kid: 'a', crv: 'P-256', x: 'AAAA', y: 'BBBB' };
  assert.equal(parseJwks(JSON.stringify({ keys: [pub] })).keys.length, 1);
  const bad: Array<[string, RegExp]> = [
    ['not json', /not valid JSON/],
    ['{"kty":"EC"}', /must be a JWKS/],
    [JSON.stringify({ keys: [{ ...pub, kid: undefined }] }), /key 0 has no kid/],
    [JSON.stringify({ keys: [{ ...pub, d: 'PRIVATE-MATERIAL' }] }), /key a is not a public key/],
    [
      JSON.stringify({ keys: [{ kty: 'oct', kid: 'h', k: 'SYMMETRIC-MATERIAL' }] }),
      /key h is not a public key/,
    ],
    [JSON.stringify({ keys: [pub, pub] }), /two keys with one kid/],
  ];
  for (const [json, message] of bad) {
    assert.throws(
      () => parseJwks(json),
      (e: Error) => message.test(e.message) && !e.message.includes('MATERIAL'),
    );
  }
});

test('config: defaults, and a cache TTL over 5 s is refused', () => {
  const c = readGatewayConfig({});
  assert.equal(c.upstreams.calc, 'http://127.0.0.1:7001');
  assert.equal(c.billingUrl, 'http://127.0.0.1:7004');
  assert.equal(c.keyCacheTtlMs, 5000);
  assert.throws(() => readGatewayConfig({ GATEWAY_KEY_CACHE_TTL_MS: '60000' }), /GATEWAY_KEY_CACHE_TTL_MS/);
  assert.throws(() => readGatewayConfig({ CALC_URL: 'ftp://x' }), /CALC_URL/);
});

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { hashApiKey, INTERNAL_HEADER, internalToken } from '../src/client/key-crypto.ts';
import { PREFIX_PATTERN } from '../src/client/key-format.ts';
import { startBilling, type Backend, type BillingHarness } from './support/billing-harness.ts';
import { makeSigner, unsecuredToken } from './support/tokens.ts';

const KEY = /^zk_live_[0-9a-z]{12}_[0-9A-Za-z]{43}$/;
const pgUp = await postgresAvailable();

for (const backend of ['postgres', 'pglite'] as Backend[]) {
  describe(`billing on ${backend}`, () => {
    let h: BillingHarness;
    const planted: string[] = [];
    const auth = () => ({ authorization: `Bearer ${h.adminToken}` });
    const internal = () => ({ [INTERNAL_HEADER]: internalToken(h.pepper) });
    const create = async (body: object) => {
      const r = await h.app.inject({ method: 'POST', url: '/admin/keys', headers: auth(), payload: body });
      if (r.statusCode === 201) planted.push(r.json().key);
      return r;
    };
    const verify = (key: string) =>
      h.app.inject({
        method: 'POST',
        url: '/internal/verify',
        headers: internal(),
        payload: { prefix: key.slice(0, 20), keyHash: hashApiKey(h.pepper, key) },
      });

    before(async () => {
      // Without PostgreSQL the tests below skip, or fail under CI (requireServer).
      if (backend === 'postgres' && !pgUp) return;
      h = await startBilling(backend);
    });
    after(async () => {
      await h?.close();
    });

    test('creates a key shown once; lists it by prefix without the key', async (t) => {
      if (!requireServer(t, backend === 'pglite' || pgUp, 'PostgreSQL on 127.0.0.1:5432')) return;
      const r = await create({ owner: 'tg:1001', plan: 'free', label: 'laptop' });
      assert.equal(r.statusCode, 201);
      const body = r.json();
      assert.match(body.key, KEY);
      assert.equal(body.prefix, body.key.slice(0, 20));
      assert.match(body.prefix, PREFIX_PATTERN);
      assert.equal(body.state, 'active');
      assert.equal(body.plan, 'free');

      const list = await h.app.inject({
        method: 'GET',
        url: `/admin/keys?prefix=${body.prefix.slice(0, 14)}`,
        headers: auth(),
      });
      assert.equal(list.statusCode, 200);
      const found = list.json().keys.filter((k: { id: string }) => k.id === body.id);
      assert.equal(found.length, 1);
      assert.ok(!list.body.includes(body.key.slice(21)), 'the secret part is never listed');
      assert.equal(found[0].key, undefined);

      const one = await h.app.inject({ method: 'GET', url: `/admin/keys/${body.prefix}`, headers: auth() });
      assert.equal(one.json().id, body.id);
      // A pasted whole key finds the key by its prefix, and is not echoed.
      const pasted = await h.app.inject({ method: 'GET', url: `/admin/keys/${body.key}`, headers: auth() });
      assert.equal(pasted.json().id, body.id);
      assert.ok(!pasted.body.includes(body.key));
    });

    test('keys are distinct and well-formed', async (t) => {
      if (!requireServer(t, backend === 'pglite' || pgUp, 'PostgreSQL on 127.0.0.1:5432')) return;
      const keys = await Promise.all(
        Array.from({ length: 20 }, () => create({ owner: 'bulk', plan: 'premium' })),
      );
      const values = keys.map((r) => r.json().key as string);
      assert.equal(new Set(values).size, 20);
      assert.equal(new Set(values.map((k) => k.slice(0, 20))).size, 20);
      values.forEach((k) => assert.match(k, KEY));
    });

    test('the admin API needs a valid token with scope zakupai:admin', async (t) => {
      if (!requireServer(t, backend === 'pglite' || pgUp, 'PostgreSQL on 127.0.0.1:5432')) return;
      const none = await h.app.inject({ method: 'GET', url: '/admin/keys' });
      assert.equal(none.statusCode, 401);
      const noScope = await h.admin.sign({ sub: 'user', scope: 'zakupai:calc' });
      const r403 = await h.app.inject({
        method: 'GET',
        url: '/admin/keys',
        headers: { authorization: `Bearer ${noScope}` },
      });
      assert.equal(r403.statusCode, 403);
      const stranger = await makeSigner('admin-1');
      const forged = await stranger.sign({ scope: 'zakupai:admin' });
      const bad = await h.app.inject({
        method: 'GET',
        url: '/admin/keys',
        headers: { authorization: `Bearer ${forged}` },
      });
      assert.equal(bad.statusCode, 401);
      const expired = await h.admin.sign(
        { scope: 'zakupai:admin' },
        { exp: Math.floor(Date.now() / 1000) - 60 },
      );
      const exp = await h.app.inject({
        method: 'GET',
        url: '/admin/keys',
        headers: { authorization: `Bearer ${expired}` },
      });
      assert.equal(exp.statusCode, 401);
      assert.match(exp.json().error.message, /expired/);
      const none2 = await h.app.inject({
        method: 'GET',
        url: '/admin/keys',
        headers: { authorization: `Bearer ${unsecuredToken({ scope: 'zakupai:admin' })}` },
      });
      assert.equal(none2.statusCode, 401);
      const wrongAud = await h.admin.sign({ scope: 'zakupai:admin' }, { aud: 'other' });
      const aud = await h.app.inject({
        method: 'GET',
        url: '/admin/keys',
        headers: { authorization: `Bearer ${wrongAud}` },
      });
      assert.equal(aud.statusCode, 401);
    });

    test('bad input is a 400 naming the field, and writes nothing', async (t) => {
      if (!requireServer(t, backend === 'pglite' || pgUp, 'PostgreSQL on 127.0.0.1:5432')) return;
      const before = (await h.db.query('SELECT count(*)::int AS n FROM zakupai.api_keys')).rows[0] as {
        n: number;
      };
      const cases: Array<[object, string]> = [
        [{ plan: 'free' }, 'body.owner'],
        [{ owner: 'x', plan: 'Gold!' }, 'body.plan'],
        [{ owner: 'x', plan: 'gold' }, 'body.plan'],
        [{ owner: 'x', plan: 'free', extra: 1 }, 'body.extra'],
        [{ owner: 'x', plan: 'free', expiresAt: 'tomorrow' }, 'body.expiresAt'],
        [{ owner: 'x', plan: 'free', expiresAt: '2001-01-01T00:00:00Z' }, 'body.expiresAt'],
      ];
      for (const [payload, field] of cases) {
        const r = await create(payload);
        assert.equal(r.statusCode, 400, JSON.stringify(payload));
        assert.equal(r.json().error.field, field, JSON.stringify(payload));
      }
      const after = (await h.db.query('SELECT count(*)::int AS n FROM zakupai.api_keys')).rows[0] as {
        n: number;
      };
      assert.equal(after.n, before.n);
      const lim = await h.app.inject({ method: 'GET', url: '/admin/keys?limit=0', headers: auth() });
      assert.equal(lim.json().error.field, 'querystring.limit');
      const ref = await h.app.inject({
        method: 'POST',
        url: '/admin/keys/not-a-key/revoke',
        headers: auth(),
      });
      assert.equal(ref.statusCode, 400);
      assert.equal(ref.json().error.field, 'params.id');
      const missing = await h.app.inject({
        method: 'POST',
        url: `/admin/keys/${randomUUID()}/revoke`,
        headers: auth(),
      });
      assert.equal(missing.statusCode, 404);
    });

    test('verify: needs the internal token; right key valid with plan, wrong hash unknown', async (t) => {
      if (!requireServer(t, backend === 'pglite' || pgUp, 'PostgreSQL on 127.0.0.1:5432')) return;
      const { key } = (await create({ owner: 'tg:2', plan: 'premium' })).json();
      const noAuth = await h.app.inject({
        method: 'POST',
        url: '/internal/verify',
        payload: { prefix: key.slice(0, 20), keyHash: '0'.repeat(64) },
      });
      assert.equal(noAuth.statusCode, 401);
      const ok = await verify(key);
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().valid, true);
      assert.deepEqual(ok.json().plan, {
        name: 'premium',
        hourlyQuota: 500,
        dailyQuota: 5000,
        features: ['basic_analysis', 'pdf_export', 'risk_scoring', 'doc_generation', 'data_access'],
      });
      const wrong = await verify(`${key.slice(0, 21)}${'A'.repeat(43)}`);
      assert.deepEqual(wrong.json(), { valid: false, reason: 'unknown' });
      const badHash = await h.app.inject({
        method: 'POST',
        url: '/internal/verify',
        headers: internal(),
        payload: { prefix: 'p', keyHash: 'xyz' },
      });
      assert.equal(badHash.statusCode, 400);
      assert.equal(badHash.json().error.field, 'body.keyHash');
    });

    test('revoke refuses the key; rotate keeps the old key for the overlap only', async (t) => {
      if (!requireServer(t, backend === 'pglite' || pgUp, 'PostgreSQL on 127.0.0.1:5432')) return;
      const a = (await create({ owner: 'tg:3', plan: 'free' })).json();
      const rev = await h.app.inject({ method: 'POST', url: `/admin/keys/${a.id}/revoke`, headers: auth() });
      assert.equal(rev.statusCode, 200);
      assert.equal(rev.json().state, 'revoked');
      assert.deepEqual((await verify(a.key)).json(), { valid: false, reason: 'revoked' });
      const again = await h.app.inject({
        method: 'POST',
        url: `/admin/keys/${a.id}/revoke`,
        headers: auth(),
      });
      assert.equal(again.json().revokedAt, rev.json().revokedAt, 'revoking twice keeps the first time');

      const b = (await create({ owner: 'tg:3', plan: 'premium', label: 'ci' })).json();
      const rot = await h.app.inject({
        method: 'POST',
        url: `/admin/keys/${b.prefix}/rotate`,
        headers: auth(),
        payload: { overlapSeconds: 3600 },
      });
      assert.equal(rot.statusCode, 201);
      const r = rot.json();
      planted.push(r.key);
      assert.match(r.key, KEY);
      assert.notEqual(r.key, b.key);
      assert.equal(r.plan, 'premium');
      assert.equal(r.label, 'ci');
      assert.equal(r.previous.replacedBy, r.id);
      const overlap = Date.parse(r.previous.expiresAt) - Date.now();
      assert.ok(overlap > 3590_000 && overlap <= 3600_000, `overlap ${overlap}`);
      assert.equal((await verify(b.key)).json().valid, true, 'old key works during the overlap');
      assert.equal((await verify(r.key)).json().valid, true);
      const twice = await h.app.inject({
        method: 'POST',
        url: `/admin/keys/${b.id}/rotate`,
        headers: auth(),
        payload: {},
      });
      assert.equal(twice.statusCode, 409);

      const d = (await create({ owner: 'tg:3', plan: 'free' })).json();
      const noBody = await h.app.inject({
        method: 'POST',
        url: `/admin/keys/${d.id}/rotate`,
        headers: auth(),
      });
      assert.equal(noBody.statusCode, 201, 'no body: the default overlap of one day');
      planted.push(noBody.json().key);
      const dayOverlap = Date.parse(noBody.json().previous.expiresAt) - Date.now();
      assert.ok(dayOverlap > 86_390_000 && dayOverlap <= 86_400_000);

      const c = (await create({ owner: 'tg:3', plan: 'free' })).json();
      const now = await h.app.inject({
        method: 'POST',
        url: `/admin/keys/${c.id}/rotate`,
        headers: auth(),
        payload: { overlapSeconds: 0 },
      });
      planted.push(now.json().key);
      assert.deepEqual((await verify(c.key)).json(), { valid: false, reason: 'expired' });
      const badOverlap = await h.app.inject({
        method: 'POST',
        url: `/admin/keys/${now.json().id}/rotate`,
        headers: auth(),
        payload: { overlapSeconds: -1 },
      });
      assert.equal(badOverlap.json().error.field, 'body.overlapSeconds');

      const active = await h.app.inject({ method: 'GET', url: '/admin/keys?owner=tg:3', headers: auth() });
      const ids = active.json().keys.map((k: { id: string }) => k.id);
      assert.ok(!ids.includes(a.id) && !ids.includes(c.id) && ids.includes(b.id));
      const all = await h.app.inject({
        method: 'GET',
        url: '/admin/keys?owner=tg:3&includeInactive=true',
        headers: auth(),
      });
      assert.ok(
        all
          .json()
          .keys.map((k: { id: string }) => k.id)
          .includes(a.id),
      );
    });

    test('usage batches apply once and are queryable per day', async (t) => {
      if (!requireServer(t, backend === 'pglite' || pgUp, 'PostgreSQL on 127.0.0.1:5432')) return;
      const k = (await create({ owner: 'tg:4', plan: 'free' })).json();
      const batchId = randomUUID();
      const payload = {
        batchId,
        entries: [
          { keyId: k.id, day: '2025-03-01', requests: 5 },
          { keyId: k.id, day: '2025-03-02', requests: 7 },
          { keyId: randomUUID(), day: '2025-03-02', requests: 9 },
        ],
      };
      const first = await h.app.inject({
        method: 'POST',
        url: '/internal/usage',
        headers: internal(),
        payload,
      });
      assert.deepEqual(first.json(), { duplicate: false, applied: 2 });
      const dup = await h.app.inject({
        method: 'POST',
        url: '/internal/usage',
        headers: internal(),
        payload,
      });
      assert.deepEqual(dup.json(), { duplicate: true, applied: 0 });
      const more = { batchId: randomUUID(), entries: [{ keyId: k.id, day: '2025-03-02', requests: 1 }] };
      await h.app.inject({ method: 'POST', url: '/internal/usage', headers: internal(), payload: more });
      const u = await h.app.inject({
        method: 'GET',
        url: `/admin/keys/${k.id}/usage?from=2025-03-01&to=2025-03-31`,
        headers: auth(),
      });
      assert.equal(u.statusCode, 200);
      assert.deepEqual(u.json().days, [
        { day: '2025-03-01', requests: '5' },
        { day: '2025-03-02', requests: '8' },
      ]);
      assert.equal(u.json().total, '13');
      const only2 = await h.app.inject({
        method: 'GET',
        url: `/admin/keys/${k.id}/usage?from=2025-03-02&to=2025-03-02`,
        headers: auth(),
      });
      assert.equal(only2.json().total, '8');
      const backwards = await h.app.inject({
        method: 'GET',
        url: `/admin/keys/${k.id}/usage?from=2025-03-02&to=2025-03-01`,
        headers: auth(),
      });
      assert.equal(backwards.statusCode, 400);
      assert.equal(backwards.json().error.field, 'querystring.to');
      const badDay = await h.app.inject({
        method: 'GET',
        url: `/admin/keys/${k.id}/usage?from=2025-02-30`,
        headers: auth(),
      });
      assert.equal(badDay.json().error.field, 'querystring.from');
      const badBatch = await h.app.inject({
        method: 'POST',
        url: '/internal/usage',
        headers: internal(),
        payload: { batchId: randomUUID(), entries: [{ keyId: k.id, day: '2025-13-01', requests: 1 }] },
      });
      assert.equal(badBatch.statusCode, 400);
      assert.equal(badBatch.json().error.field, 'body.entries.0.day');
    });

    test('plans: defaults, update, and bad quotas', async (t) => {
      if (!requireServer(t, backend === 'pglite' || pgUp, 'PostgreSQL on 127.0.0.1:5432')) return;
      const plans = (await h.app.inject({ method: 'GET', url: '/admin/plans', headers: auth() })).json()
        .plans;
      const free = plans.find((p: { name: string }) => p.name === 'free');
      assert.deepEqual(free, {
        name: 'free',
        hourlyQuota: 20,
        dailyQuota: 100,
        features: ['basic_analysis'],
      });
      const put = await h.app.inject({
        method: 'PUT',
        url: '/admin/plans/team',
        headers: auth(),
        payload: { hourlyQuota: 50, dailyQuota: 400, features: ['basic_analysis', 'risk_scoring'] },
      });
      assert.equal(put.statusCode, 200);
      const k = await create({ owner: 'tg:5', plan: 'team' });
      assert.equal(k.statusCode, 201);
      assert.equal((await verify(k.json().key)).json().plan.hourlyQuota, 50);
      const bad = await h.app.inject({
        method: 'PUT',
        url: '/admin/plans/team',
        headers: auth(),
        payload: { hourlyQuota: 500, dailyQuota: 400, features: [] },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'body.hourlyQuota');
    });

    test('keys at rest: no plain key in the database or the logs', async (t) => {
      if (!requireServer(t, backend === 'pglite' || pgUp, 'PostgreSQL on 127.0.0.1:5432')) return;
      assert.ok(planted.length > 20);
      const dump = await h.dump();
      const logs = h.logs.text();
      assert.ok(logs.includes('api key issued'), 'issuing is logged');
      for (const key of planted) {
        assert.ok(!dump.includes(key) && !dump.includes(key.slice(21)), 'key absent from the database');
        assert.ok(!logs.includes(key.slice(21)), 'key absent from the logs');
        assert.ok(dump.includes(hashApiKey(h.pepper, key)), 'only the peppered hash is stored');
      }
      assert.ok(!logs.includes(h.pepper) && !dump.includes(h.pepper));
    });
  });
}

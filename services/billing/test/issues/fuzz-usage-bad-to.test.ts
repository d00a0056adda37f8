import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { INTERNAL_HEADER, internalToken } from '../../src/client/key-crypto.ts';
import { startBilling, type Backend, type BillingHarness } from '../support/billing-harness.ts';

const pgUp = await postgresAvailable();

/*
 * Found by the fuzz run: `GET /admin/keys/:id/usage?to=0000-00-00` answered 500 (the default `from` was computed
 * from an unchecked `to`: `new Date(NaN).toISOString()` threw). Year 0000 passed the day check in JavaScript but
 * PostgreSQL has no year 0, so the query failed there instead. Both must be a 400 naming the field.
 */
for (const backend of ['postgres', 'pglite'] as Backend[]) {
  describe(`fuzz: usage query with a malformed day on ${backend}`, () => {
    let h: BillingHarness;
    let keyId = '';
    const auth = () => ({ authorization: `Bearer ${h.adminToken}` });
    before(async () => {
      if (backend === 'postgres' && !pgUp) return;
      h = await startBilling(backend);
      const r = await h.app.inject({
        method: 'POST',
        url: '/admin/keys',
        headers: auth(),
        payload: { owner: 'fuzz', plan: 'free' },
      });
      keyId = r.json().id;
    });
    after(async () => {
      await h?.close();
    });

    const cases: Array<[string, string]> = [
      ['to=0000-00-00', 'querystring.to'],
      ['to=2025-02-30', 'querystring.to'],
      ['to=0000-01-05', 'querystring.to'],
      ['from=0000-12-30&to=0001-01-02', 'querystring.from'],
    ];
    for (const [query, field] of cases) {
      test(`${query} is a 400 naming ${field}`, async (t) => {
        if (!requireServer(t, backend === 'pglite' || pgUp, 'PostgreSQL on 127.0.0.1:5432')) return;
        const r = await h.app.inject({
          method: 'GET',
          url: `/admin/keys/${keyId}/usage?${query}`,
          headers: auth(),
        });
        assert.equal(r.statusCode, 400, r.body);
        assert.equal(r.json().error.field, field);
      });
    }

    test('without from, the 30 days ending with to are shown', async (t) => {
      if (!requireServer(t, backend === 'pglite' || pgUp, 'PostgreSQL on 127.0.0.1:5432')) return;
      const r = await h.app.inject({
        method: 'GET',
        url: `/admin/keys/${keyId}/usage?to=2025-03-01`,
        headers: auth(),
      });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().from, '2025-01-31');
      assert.equal(r.json().to, '2025-03-01');
    });

    test('a usage batch dated in year 0000 is a 400, not a 500', async (t) => {
      if (!requireServer(t, backend === 'pglite' || pgUp, 'PostgreSQL on 127.0.0.1:5432')) return;
      const r = await h.app.inject({
        method: 'POST',
        url: '/internal/usage',
        headers: { [INTERNAL_HEADER]: internalToken(h.pepper) },
        payload: { batchId: randomUUID(), entries: [{ keyId, day: '0000-01-01', requests: 1 }] },
      });
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().error.field, 'body.entries.0.day');
    });
  });
}

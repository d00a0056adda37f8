import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBilling, type BillingHarness } from '../support/billing-harness.ts';

/*
 * Found by the fuzz run (negative data accepted): the kit validated JSON bodies with type coercion, so
 * `{"overlapSeconds": null}` rotated a key with overlap 0 (the old key died at once), `{"features": [false]}` saved
 * a plan with the feature "false", and NUL characters reached PostgreSQL as a 500. A rotate POST with a JSON
 * `null` body was read as the empty POST; an empty POST is documented as optional (the default overlap) and works.
 */
describe('fuzz: billing refuses coerced and NUL-bearing input', () => {
  let h: BillingHarness;
  const auth = () => ({ authorization: `Bearer ${h.adminToken}` });
  before(async () => {
    h = await startBilling('pglite');
  });
  after(async () => {
    await h?.close();
  });

  test('rotate with overlapSeconds null is a 400 and leaves the key as it was', async () => {
    const k = (
      await h.app.inject({
        method: 'POST',
        url: '/admin/keys',
        headers: auth(),
        payload: { owner: 'o', plan: 'free' },
      })
    ).json();
    const r = await h.app.inject({
      method: 'POST',
      url: `/admin/keys/${k.id}/rotate`,
      headers: auth(),
      payload: { overlapSeconds: null },
    });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().error.field, 'body.overlapSeconds');
    const after = (await h.app.inject({ method: 'GET', url: `/admin/keys/${k.id}`, headers: auth() })).json();
    assert.equal(after.replacedBy, null);
    assert.equal(after.state, 'active');
    const jsonNull = await h.app.inject({
      method: 'POST',
      url: `/admin/keys/${k.id}/rotate`,
      headers: { ...auth(), 'content-type': 'application/json' },
      payload: 'null',
    });
    assert.equal(jsonNull.statusCode, 400, jsonNull.body);
    assert.equal(jsonNull.json().error.field, 'body');
    const empty = await h.app.inject({ method: 'POST', url: `/admin/keys/${k.id}/rotate`, headers: auth() });
    assert.equal(empty.statusCode, 201, empty.body);
  });

  test('a plan whose features are not strings is a 400; quotas must be JSON integers', async () => {
    for (const [payload, field] of [
      [{ hourlyQuota: 1, dailyQuota: 2, features: [false] }, 'body.features.0'],
      [{ hourlyQuota: '1', dailyQuota: 2, features: [] }, 'body.hourlyQuota'],
      [{ hourlyQuota: 1, dailyQuota: 2, features: 'basic_analysis' }, 'body.features'],
    ] as const) {
      const r = await h.app.inject({ method: 'PUT', url: '/admin/plans/coerced', headers: auth(), payload });
      assert.equal(r.statusCode, 400, JSON.stringify(payload));
      assert.equal(r.json().error.field, field);
    }
    const plans = (await h.app.inject({ method: 'GET', url: '/admin/plans', headers: auth() })).json().plans;
    assert.ok(!plans.some((p: { name: string }) => p.name === 'coerced'));
  });

  test('a NUL character in a key listing filter is a 400 naming it', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/admin/keys?owner=a%00b', headers: auth() });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().error.field, 'querystring.owner');
  });

  test('the rotate body is documented as optional', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = doc.paths['/admin/keys/{id}/rotate'].post;
    assert.equal(op.requestBody.required, false);
    assert.equal(op['x-body-optional'], undefined);
    assert.equal(doc.paths['/admin/keys'].post.requestBody.required, true);
  });
});

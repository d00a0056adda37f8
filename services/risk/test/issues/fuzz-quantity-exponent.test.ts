import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, startRisk, type RiskHarness } from '../harness.ts';

/*
 * Found by the long fuzz run (stateful phase, response schema check): POST /risk/score accepted an item quantity
 * of 2.225073858507e-311 (a JSON number), stored it, and GET /risk/lots/:id answered "quantity":
 * "2.225073858507e-311", a string in exponent notation where the document promises a plain decimal. The same held
 * for 1e308 at the other end. A quantity is now above 0, at most 10^15, with at most 6 decimal places.
 */
const lot = (quantity: unknown) => ({
  id: `q-${String(quantity).replace(/[^0-9a-z]/gi, '')}`,
  customerBin: '900101300017',
  method: 'tender',
  finYear: 2026,
  allocatedAmount: '1000',
  item: { code: '17.12.14', unit: 'kg', quantity, unitPrice: '10' },
});

describe('fuzz: item quantities that print in exponent notation are refused', () => {
  let h: RiskHarness;
  before(async () => {
    h = await startRisk(await freshDatabase('pglite'));
  });
  after(async () => {
    await h?.close();
  });

  for (const quantity of [2.225073858507e-311, 1e-7, '0.0000001', 1e308, '1000000000000000.5']) {
    test(`quantity ${quantity} is a 400 naming body.item.quantity`, async () => {
      const r = await h.app.inject({ method: 'POST', url: '/risk/score', payload: lot(quantity) });
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().error.field, 'body.item.quantity');
    });
  }

  test('quantities at the bounds are kept as plain decimal strings', async () => {
    for (const [quantity, printed] of [
      ['0.000001', '0.000001'],
      [1e15, '1000000000000000'],
      ['12.5', '12.5'],
    ] as const) {
      const body = lot(quantity);
      const scored = await h.app.inject({ method: 'POST', url: '/risk/score', payload: body });
      assert.equal(scored.statusCode, 200, scored.body);
      const stored = await h.app.inject({ method: 'GET', url: `/risk/lots/${body.id}` });
      assert.equal(stored.json().lot.item.quantity, printed);
    }
  });
});

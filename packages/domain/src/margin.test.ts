import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { D, computeMargin } from './index.ts';

describe('computeMargin edge cases', () => {
  it('undefined ratios are null, not 0 or Infinity', () => {
    const zeroPrice = computeMargin({
      lotPrice: D(0),
      cost: D(10),
      priceIncludesVat: true,
      vatRatePct: D(16),
    });
    assert.equal(zeroPrice.marginPct, null);
    assert.equal(zeroPrice.roiPct?.toString(), '-100');
    const zeroCost = computeMargin({
      lotPrice: D(116),
      cost: D(0),
      priceIncludesVat: true,
      vatRatePct: D(16),
    });
    assert.equal(zeroCost.roiPct, null);
    assert.equal(zeroCost.marginPct?.toString(), '100');
  });

  it('e-shop has no bid security; the bid security base can be the allocated sum', () => {
    const m = computeMargin({
      lotPrice: D(100),
      cost: D(1),
      priceIncludesVat: false,
      vatRatePct: D(16),
      method: 'eshop',
    });
    assert.equal(m.bidSecurity, null);
    assert.equal(m.performanceSecurity.pct.toString(), '3');
    // 1% of the allocated 250,000 = 2,500, not 1% of the bid
    const t = computeMargin({
      lotPrice: D(200000),
      cost: D(1),
      priceIncludesVat: false,
      vatRatePct: D(16),
      allocatedAmount: D(250000),
    });
    assert.equal(t.bidSecurity?.amount.toString(), '2500');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CONTRACT_TYPES, D, PENALTY_PARTIES, computePenalty, type PenaltyInput } from './index.ts';
import { throwsValidation } from '../test/assert-validation.ts';

const base = { contractSum: D('1000000') };

describe('penalty cap boundaries (contract 1,000,000; 0.1% a day = 1,000 a day)', () => {
  const table: Array<[string, Omit<PenaltyInput, 'contractSum'>, string, boolean, string]> = [
    // [label, input, penalty, capped, cap]
    [
      'services supplier, 150 days = exactly the 15% cap',
      { daysOverdue: 150, contractType: 'services', party: 'supplier' },
      '150000',
      false,
      '150000',
    ],
    [
      'services supplier, 151 days',
      { daysOverdue: 151, contractType: 'services', party: 'supplier' },
      '150000',
      true,
      '150000',
    ],
    [
      'goods supplier default, 150 days',
      { daysOverdue: 150, contractType: 'goods', party: 'supplier' },
      '150000',
      false,
      '150000',
    ],
    [
      'goods supplier default, 151 days',
      { daysOverdue: 151, contractType: 'goods', party: 'supplier' },
      '150000',
      true,
      '150000',
    ],
    [
      'works supplier default, 151 days',
      { daysOverdue: 151, contractType: 'works', party: 'supplier' },
      '150000',
      true,
      '150000',
    ],
    [
      'goods supplier cap_pct 10, 100 days',
      { daysOverdue: 100, contractType: 'goods', party: 'supplier', capPct: D(10) },
      '100000',
      false,
      '100000',
    ],
    [
      'goods supplier cap_pct 10, 101 days',
      { daysOverdue: 101, contractType: 'goods', party: 'supplier', capPct: D(10) },
      '100000',
      true,
      '100000',
    ],
    [
      'customer, 100 days = exactly the 10% cap',
      { daysOverdue: 100, contractType: 'services', party: 'customer' },
      '100000',
      false,
      '100000',
    ],
    [
      'customer, 101 days',
      { daysOverdue: 101, contractType: 'works', party: 'customer' },
      '100000',
      true,
      '100000',
    ],
    ['0 days', { daysOverdue: 0, contractType: 'services', party: 'supplier' }, '0', false, '150000'],
  ];
  for (const [label, input, penalty, capped, cap] of table) {
    it(label, () => {
      const r = computePenalty({ ...base, ...input });
      assert.equal(r.penalty.toString(), penalty);
      assert.equal(r.capped, capped);
      assert.equal(r.cap.toString(), cap);
    });
  }

  it('basis names the source and says when a default was not verified', () => {
    assert.match(
      computePenalty({ ...base, daysOverdue: 1, contractType: 'services', party: 'supplier' }).basis,
      /App\. 42 cl\. 7\.3/,
    );
    assert.match(
      computePenalty({ ...base, daysOverdue: 1, contractType: 'goods', party: 'supplier' }).basis,
      /not verified/,
    );
    assert.match(
      computePenalty({ ...base, daysOverdue: 1, contractType: 'goods', party: 'supplier', capPct: D(10) })
        .basis,
      /cap_pct/,
    );
    assert.match(
      computePenalty({ ...base, daysOverdue: 1, contractType: 'services', party: 'customer' }).basis,
      /cl\. 7\.2/,
    );
  });

  it('rejects bad days and mismatched or oversized parts, naming the field', () => {
    throwsValidation(
      () => computePenalty({ ...base, daysOverdue: -1, contractType: 'goods', party: 'supplier' }),
      'days_overdue',
    );
    throwsValidation(
      () => computePenalty({ ...base, daysOverdue: 1.5, contractType: 'goods', party: 'supplier' }),
      'days_overdue',
    );
    throwsValidation(
      () => computePenalty({ ...base, daysOverdue: 36_501, contractType: 'goods', party: 'supplier' }),
      'days_overdue',
    );
    throwsValidation(
      () =>
        computePenalty({
          ...base,
          daysOverdue: 1,
          contractType: 'goods',
          party: 'supplier',
          performedSum: D('1000000.01'),
        }),
      'performed_sum',
    );
    throwsValidation(
      () =>
        computePenalty({
          ...base,
          daysOverdue: 1,
          contractType: 'goods',
          party: 'customer',
          performedSum: D(1),
        }),
      'performed_sum',
    );
    throwsValidation(
      () =>
        computePenalty({
          ...base,
          daysOverdue: 1,
          contractType: 'goods',
          party: 'supplier',
          overdueAmount: D(1),
        }),
      'overdue_amount',
    );
    throwsValidation(
      () =>
        computePenalty({
          ...base,
          daysOverdue: 1,
          contractType: 'goods',
          party: 'customer',
          overdueAmount: D('2000000'),
        }),
      'overdue_amount',
    );
  });
});

const tiyn = (max: bigint) => fc.bigInt({ min: 0n, max }).map((t) => D(t.toString()).dividedBy(100));

describe('penalty properties', () => {
  it('is never negative and never above its cap; capped exactly when the uncapped figure exceeds the cap', () => {
    fc.assert(
      fc.property(
        tiyn(10n ** 17n),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 36_500 }),
        fc.constantFrom(...CONTRACT_TYPES),
        fc.constantFrom(...PENALTY_PARTIES),
        fc.option(fc.integer({ min: 0, max: 50_000 }).map((n) => D(n).dividedBy(10_000))), // daily 0…5%
        fc.option(fc.integer({ min: 0, max: 10_000 }).map((n) => D(n).dividedBy(100))), // cap 0…100%
        (contractSum, share, days, contractType, party, dailyRatePct, capPct) => {
          // a part of the contract (share‰ of it), in whole tiyn
          const part = contractSum.times(share).dividedBy(1000).toDecimalPlaces(2, 1);
          const r = computePenalty({
            contractSum,
            daysOverdue: days,
            contractType,
            party,
            ...(party === 'supplier' ? { performedSum: part } : { overdueAmount: part }),
            ...(dailyRatePct === null ? {} : { dailyRatePct }),
            ...(capPct === null ? {} : { capPct }),
          });
          assert.ok(!r.penalty.isNegative());
          assert.ok(r.penalty.lessThanOrEqualTo(r.cap), `${r.penalty} > ${r.cap}`);
          assert.ok(r.cap.lessThanOrEqualTo(contractSum));
          const uncapped = r.base.times(r.dailyRatePct).dividedBy(100).times(days);
          assert.equal(r.capped, uncapped.greaterThan(contractSum.times(r.capPct).dividedBy(100)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  D,
  DUMPING_RULES,
  PROCUREMENT_METHODS,
  PROCUREMENT_SUBJECTS,
  checkAntiDumping,
  dumpingRuleFor,
  type DumpingRule,
  type ProcurementMethod,
  type ProcurementSubject,
} from './index.ts';
import { throwsValidation } from '../test/assert-validation.ts';

/**
 * Every row of Rules 687 Chapter 5 (shared/research/domain.md §2), written out by hand, with a reference price of
 * 1,000,000: [method, subject, threshold %, min price, dumping bid allowed, paragraph in basis].
 */
const TABLE: Array<[ProcurementMethod, ProcurementSubject, string, string, boolean, RegExp]> = [
  ['tender', 'construction', '2', '980000', false, /p\.85/], // 1,000,000 · 0.98
  ['tender', 'road_medium_repair', '5', '950000', false, /p\.86/],
  ['tender', 'current_repair', '20', '800000', false, /p\.87/],
  ['tender', 'design', '10', '900000', false, /p\.88/],
  ['tender', 'expertise', '0', '1000000', false, /p\.89/], // any amount below is dumping
  ['tender', 'engineering', '10', '900000', false, /p\.90-91/],
  ['tender', 'social_order', '10', '900000', false, /p\.92/],
  ['tender', 'catering', '10', '900000', false, /p\.93/],
  ['tender', 'other', '10', '900000', true, /^Rules 687 p\.94-95$/],
  ['price_quotes', 'other', '10', '900000', true, /p\.97-98/],
  ['price_quotes', 'construction', '10', '900000', true, /p\.97-98/], // the subject does not matter for ЗЦП
];

describe('anti-dumping: every row of the Rules 687 Chapter 5 table', () => {
  const seen = new Set<DumpingRule>();
  const ref = D('1000000');
  for (const [method, subject, threshold, min, allowed, basis] of TABLE) {
    it(`${method}/${subject}: below by more than ${threshold}% is dumping; allowed with the sum: ${allowed}`, () => {
      seen.add(dumpingRuleFor(method, subject)!);
      const atMin = checkAntiDumping({ method, subject, referencePrice: ref, bidPrice: D(min) });
      assert.equal(atMin.thresholdPct?.toString(), threshold);
      assert.equal(atMin.minPrice?.toString(), min);
      assert.equal(atMin.isDumping, false);
      assert.equal(atMin.allowed, true);
      assert.equal(atMin.antiDumpingSum.toString(), '0');
      assert.match(atMin.basis, basis);

      const below = checkAntiDumping({
        method,
        subject,
        referencePrice: ref,
        bidPrice: D(min).minus('0.01'),
      });
      assert.equal(below.isDumping, true);
      assert.equal(below.allowed, allowed);
      assert.equal(below.antiDumpingSum.toString(), '0.01');
    });
  }

  it('eshop: the reference is the arithmetic mean of all offers, 30%, never allowed', () => {
    seen.add(dumpingRuleFor('eshop', 'other')!);
    // mean(100, 200, 300) = 200; 200 · 0.7 = 140
    const offers = [D(100), D(200), D(300)];
    const r = checkAntiDumping({
      method: 'eshop',
      subject: 'other',
      referencePrice: D(999),
      bidPrice: D('139.99'),
      offers,
    });
    assert.equal(r.reference?.toString(), '200');
    assert.equal(r.thresholdPct?.toString(), '30');
    assert.equal(r.minPrice?.toString(), '140');
    assert.equal(r.isDumping, true);
    assert.equal(r.allowed, false);
    assert.equal(r.antiDumpingSum.toString(), '0.01');
    assert.match(r.basis, /p\.99/);
    assert.equal(
      checkAntiDumping({ method: 'eshop', subject: 'other', referencePrice: D(0), bidPrice: D(140), offers })
        .isDumping,
      false,
    );
  });

  it('auction: no dumping rule at any price', () => {
    seen.add(dumpingRuleFor('auction', 'other')!);
    const r = checkAntiDumping({
      method: 'auction',
      subject: 'construction',
      referencePrice: D(1000000),
      bidPrice: D(1),
    });
    assert.deepEqual(
      [r.thresholdPct, r.minPrice, r.isDumping, r.allowed, r.antiDumpingSum.toString()],
      [null, null, false, true, '0'],
    );
    assert.match(r.basis, /auction/);
  });

  it('the hand-written table covers every row of the data table', () => {
    assert.equal(seen.size, DUMPING_RULES.length);
  });

  it('eshop without offers, unknown method or subject are validation errors naming the field', () => {
    throwsValidation(
      () => checkAntiDumping({ method: 'eshop', subject: 'other', referencePrice: D(1), bidPrice: D(1) }),
      'offers',
    );
    throwsValidation(
      () =>
        checkAntiDumping({
          method: 'eshop',
          subject: 'other',
          referencePrice: D(1),
          bidPrice: D(1),
          offers: [],
        }),
      'offers',
    );
    throwsValidation(
      () =>
        checkAntiDumping({
          method: 'single_source' as ProcurementMethod,
          subject: 'other',
          referencePrice: D(1),
          bidPrice: D(1),
        }),
      'method',
    );
    throwsValidation(
      () =>
        checkAntiDumping({
          method: 'tender',
          subject: 'furniture' as ProcurementSubject,
          referencePrice: D(1),
          bidPrice: D(1),
        }),
      'subject',
    );
  });
});

const tiyn = fc.bigInt({ min: 0n, max: 10n ** 17n }).map((t) => D(t.toString()).dividedBy(100));

describe('anti-dumping properties', () => {
  it('anti_dumping_sum == max(0, min_price − bid_price); dumping exactly when the sum is positive', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROCUREMENT_METHODS),
        fc.constantFrom(...PROCUREMENT_SUBJECTS),
        tiyn,
        tiyn,
        fc.array(tiyn, { minLength: 1, maxLength: 8 }),
        (method, subject, referencePrice, bidPrice, offers) => {
          const r = checkAntiDumping({ method, subject, referencePrice, bidPrice, offers });
          if (r.minPrice === null) {
            assert.equal(method, 'auction');
            assert.ok(r.antiDumpingSum.isZero());
            return;
          }
          const expected = r.minPrice.minus(bidPrice);
          assert.ok(r.antiDumpingSum.equals(expected.isNegative() ? 0 : expected));
          assert.equal(r.isDumping, r.antiDumpingSum.greaterThan(0));
          assert.equal(r.allowed, !r.isDumping || r.rule.dumpingAllowed);
          assert.ok(r.minPrice.lessThanOrEqualTo(r.reference!.toDecimalPlaces(2, 2 /* ROUND_CEIL */)));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

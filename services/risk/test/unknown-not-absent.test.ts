/**
 * Unknown is not absent (issue 13, item 3): an omitted optional field of a lot payload is unknown, and no rule may
 * flag because of it. The property: whatever the lot and its history, a flag raised with some optional fields
 * omitted is raised, at no fewer points, whatever values those fields are then given (the original ones included).
 * A table shows, field by field, what "omitted" and "null" each mean.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { D, PROCUREMENT_SUBJECTS, VAT_CATEGORIES } from '@zakupai/domain';
import type { LotContext, PurchaseRecord } from '../src/domain/context.ts';
import { addDays } from '../src/domain/dates.ts';
import { evaluateLot } from '../src/domain/evaluate-lot.ts';
import { LOT_METHODS } from '../src/domain/lot.ts';
import type { RuleId, RuleOutcome } from '../src/domain/outcome.ts';
import { parseLotInput } from '../src/domain/parse-lot.ts';
import { calendar, CUSTOMER, OTHER_SUPPLIER, rules, SUPPLIER } from './support.ts';

type Payload = Record<string, unknown>;
const CODE = '251111.100.000001';

/** The optional fields of a lot payload, top level and within the award, and a generator of a value for each. */
const day = (from: string, span: number) => fc.integer({ min: 0, max: span }).map((n) => addDays(from, n));
const money = (min: number, max: number) => fc.integer({ min, max }).map((n) => `${n}.00`);
const award = fc.record({
  supplierBin: fc.constantFrom(SUPPLIER, OTHER_SUPPLIER),
  date: day('2024-10-01', 820),
  price: money(100_000, 60_000_000),
  priceIncludesVat: fc.boolean(),
});
const OPTIONAL: Record<string, fc.Arbitrary<unknown>> = {
  subject: fc.constantFrom(...PROCUREMENT_SUBJECTS),
  repeat: fc.boolean(),
  bidWindow: fc.option(
    fc
      .tuple(day('2024-11-01', 800), fc.integer({ min: 0, max: 20 }))
      .map(([start, n]) => ({ start, end: addDays(start, n) })),
    { nil: null },
  ),
  item: fc.option(
    fc.record({
      code: fc.constantFrom(CODE, 'OTHER-CODE'),
      unit: fc.constant('шт'),
      quantity: fc.constantFrom('1', '10'),
      unitPrice: money(50, 400),
    }),
    { nil: null },
  ),
  participants: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  offers: fc.option(fc.array(money(100_000, 40_000_000), { maxLength: 4 }), { nil: null }),
  award: fc.option(award, { nil: null }),
  planPointId: fc.constantFrom('PP-1', '', '  ', null),
  marketUnitPrices: fc.option(fc.array(money(50, 400), { minLength: 3, maxLength: 6 }), { nil: null }),
};
const AWARD_OPTIONAL: Record<string, fc.Arbitrary<unknown>> = {
  vatCategory: fc.option(fc.constantFrom(...VAT_CATEGORIES), { nil: null }),
  turnoverDays: fc.integer({ min: 0, max: 400 }), // turnoverDate = award date + this (a delivery is not earlier)
};
const TOP = Object.keys(OPTIONAL);
const NESTED = Object.keys(AWARD_OPTIONAL);

const required = fc.record({
  method: fc.constantFrom(...LOT_METHODS),
  finYear: fc.constantFrom(2024, 2025, 2026),
  allocatedAmount: money(100_000, 50_000_000),
});
const full = fc.record({
  required,
  optional: fc.record(OPTIONAL),
  nested: fc.record(AWARD_OPTIONAL),
});
/** The history a lot is judged against: other purchases of the code, awards of the customer, register rows. */
const history = fc.record({
  purchases: fc.array(
    fc.record({
      amount: money(100_000, 30_000_000),
      finYear: fc.constantFrom(2025, 2026),
      method: fc.constantFrom(...LOT_METHODS, null),
    }),
    { maxLength: 4 },
  ),
  wins: fc.integer({ min: 0, max: 6 }),
  losses: fc.integer({ min: 0, max: 6 }),
  rnuFrom: fc.option(day('2024-06-01', 900), { nil: null }),
});
type Full = typeof full extends fc.Arbitrary<infer T> ? T : never;
type History = typeof history extends fc.Arbitrary<infer T> ? T : never;

/** The payload with `omit` left out; award-level fields are written only when the award is an object. */
function payloadOf(f: Full, omit: ReadonlySet<string>): Payload {
  const p: Payload = { id: 'L-PROP', customerBin: CUSTOMER, ...f.required };
  for (const key of TOP) if (!omit.has(key)) p[key] = f.optional[key];
  const a = p.award;
  if (a && typeof a === 'object') {
    const withAward: Payload = { ...(a as Payload) };
    // An exempt turnover carries no VAT (the parser refuses the pair), so such a draw is read as general.
    const exemptWithVat = f.nested.vatCategory === 'exempt' && withAward.priceIncludesVat === true;
    if (!omit.has('vatCategory')) withAward.vatCategory = exemptWithVat ? null : f.nested.vatCategory;
    if (!omit.has('turnoverDays')) {
      withAward.turnoverDate = addDays(String(withAward.date), Number(f.nested.turnoverDays));
    }
    p.award = withAward;
  }
  return p;
}

function contextOf(h: History, asOf: string, sample: LotContext['marketUnitPrices']): LotContext {
  const purchases: PurchaseRecord[] = h.purchases.map((x, i) => ({
    lotId: `P${i}`,
    customerBin: CUSTOMER,
    code: CODE,
    finYear: x.finYear,
    method: x.method,
    amount: D(x.amount),
  }));
  const awards = [
    ...Array.from({ length: h.wins }, (_, i) => ({ lotId: `W${i}`, supplierBin: SUPPLIER })),
    ...Array.from({ length: h.losses }, (_, i) => ({ lotId: `O${i}`, supplierBin: OTHER_SUPPLIER })),
  ].map((a) => ({ ...a, customerBin: CUSTOMER, date: '2025-09-01' }));
  const rnu = h.rnuFrom
    ? [{ supplierBin: SUPPLIER, startDate: h.rnuFrom, endDate: null, observedOn: null }]
    : [];
  return { asOf, calendar, marketUnitPrices: sample, rnu, awards, purchases };
}

/** Each rule's outcome for a payload, judged in `h` (no stored market history: an omitted sample is no sample). */
function judge(p: Payload, h: History): Map<RuleId, RuleOutcome> {
  const input = parseLotInput(p);
  const ctx = contextOf(h, '2026-12-31', input.marketUnitPrices ?? []);
  return new Map(evaluateLot(input.lot, ctx, rules).outcomes.map((o) => [o.rule, o]));
}

test('property (issue 13 item 3): no omitted optional field raises a flag, nor adds points to one', () => {
  const omissions = fc.subarray([...TOP, ...NESTED], { minLength: 1 });
  let flagsWithOmissions = 0;
  fc.assert(
    fc.property(
      full,
      history,
      omissions,
      fc.array(fc.tuple(fc.record(OPTIONAL), fc.record(AWARD_OPTIONAL)), { minLength: 2, maxLength: 3 }),
      (f, h, omitted, others) => {
        const omit = new Set(omitted);
        const partial = judge(payloadOf(f, omit), h);
        // The original values, and fresh ones for every omitted field, are all possible completions.
        const completions: Full[] = [
          f,
          ...others.map(([optional, nested]) => ({
            required: f.required,
            optional: Object.fromEntries(
              TOP.map((k) => [k, omit.has(k) ? optional[k] : f.optional[k]]),
            ) as Full['optional'],
            nested: Object.fromEntries(
              NESTED.map((k) => [k, omit.has(k) ? nested[k] : f.nested[k]]),
            ) as Full['nested'],
          })),
        ];
        flagsWithOmissions += [...partial.values()].filter((o) => o.status === 'flagged').length;
        for (const c of completions) {
          const whole = judge(payloadOf(c, new Set()), h);
          for (const [rule, o] of partial) {
            if (o.status !== 'flagged') continue;
            const w = whole.get(rule)!;
            assert.equal(
              w.status,
              'flagged',
              `${rule} flagged with ${omitted.join(', ')} omitted but not when given: ${w.reason}`,
            );
            assert.ok(o.points.lte(w.points), `${rule}: ${o.points} points unknown, ${w.points} known`);
          }
        }
      },
    ),
    { numRuns: 400 },
  );
  // Not vacuous: lots with omitted fields do raise flags (those that hold whatever the fields are).
  assert.ok(flagsWithOmissions > 100, `only ${flagsWithOmissions} flags with omitted fields`);
});

test('property: every flag carries its explanation in Russian, Kazakh and English, with every figure filled in', () => {
  fc.assert(
    fc.property(full, history, (f, h) => {
      for (const o of judge(payloadOf(f, new Set()), h).values()) {
        if (o.status !== 'flagged') {
          assert.equal(o.explanation, null);
          continue;
        }
        for (const lang of ['ru', 'kk', 'en'] as const) {
          const text = o.explanation?.[lang] ?? '';
          assert.ok(text.length > 20, `${o.rule} ${lang}`);
          assert.doesNotMatch(text, /\{[A-Za-z]+\}/, `${o.rule} ${lang}: an unfilled figure`);
          assert.ok(o.basis[lang].length > 20, `${o.rule} basis ${lang}`);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('unknown is not absent (table): what omitted and null each mean, field by field', () => {
  const base: Payload = {
    id: 'L-T',
    customerBin: CUSTOMER,
    method: 'tender',
    subject: 'other',
    repeat: false,
    finYear: 2026,
    bidWindow: { start: '2026-02-02', end: '2026-02-06' },
    item: { code: CODE, unit: 'шт', quantity: '10', unitPrice: '100000.00' },
    allocatedAmount: '1000000.00',
    participants: 1,
    award: {
      supplierBin: SUPPLIER,
      date: '2026-02-20',
      price: '1000000.00',
      priceIncludesVat: true,
      vatCategory: null,
    },
    planPointId: null,
  };
  const none: History = { purchases: [], wins: 0, losses: 0, rnuFrom: null };
  const of = (p: Payload, rule: RuleId) => judge(p, none).get(rule)!;
  const without = (key: string) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));
  const withAward = (o: Payload) => ({ ...base, award: { ...(base.award as Payload), ...o } });
  const noVatCategory = (() => {
    const a = { ...(base.award as Payload) };
    delete a.vatCategory;
    return { ...base, award: a };
  })();
  // [field, payload, rule, status, reason pattern]
  const table: Array<[string, Payload, RuleId, string, RegExp | null]> = [
    ['planPointId null: known missing', base, 'missing_plan_link', 'flagged', null],
    [
      'planPointId omitted: unknown',
      without('planPointId'),
      'missing_plan_link',
      'not_applicable',
      /does not say/,
    ],
    ['participants 1: a single bid', base, 'single_participant', 'flagged', null],
    [
      'participants omitted: unknown',
      without('participants'),
      'single_participant',
      'not_applicable',
      /unknown/,
    ],
    [
      'participants null: unknown too (none is 0)',
      { ...base, participants: null },
      'failed_procurement',
      'not_applicable',
      /unknown/,
    ],
    [
      'participants 0: a failed procurement',
      { ...base, participants: 0 },
      'failed_procurement',
      'flagged',
      null,
    ],
    ['bidWindow given: 4 working days', base, 'short_tender_period', 'flagged', null],
    [
      'bidWindow omitted: unknown',
      without('bidWindow'),
      'short_tender_period',
      'not_applicable',
      /window is unknown/,
    ],
    [
      'bidWindow null: none',
      { ...base, bidWindow: null },
      'short_tender_period',
      'not_applicable',
      /has no bid window/,
    ],
    [
      'repeat omitted: 4 days are enough for a repeat',
      without('repeat'),
      'short_tender_period',
      'not_applicable',
      /repeat flag is unknown/,
    ],
    ['award omitted: unknown', without('award'), 'anti_dumping', 'not_applicable', /award is unknown/],
    ['award null: none', { ...base, award: null }, 'anti_dumping', 'not_applicable', /no awarded price/],
    ['item omitted: unknown', without('item'), 'price_above_market', 'not_applicable', /unknown/],
    ['item null: none', { ...base, item: null }, 'price_above_market', 'not_applicable', /has no item/],
    // 1,000,000 with general VAT (null): 862,068.97 < 900,000.
    ['vatCategory null: general VAT', base, 'anti_dumping', 'flagged', null],
    // Omitted: it may be medical (5%: 952,380.95, not dumping).
    [
      'vatCategory omitted: unknown',
      noVatCategory,
      'anti_dumping',
      'not_applicable',
      /VAT rate on the turnover date is unknown/,
    ],
    [
      'subject omitted: 862,068.97 is dumping for some subjects only',
      without('subject'),
      'anti_dumping',
      'not_applicable',
      /subject/,
    ],
    // Signed in 2025 without a delivery date: 12% or 16%.
    [
      'turnoverDate omitted, signed in 2025',
      withAward({ date: '2025-12-10', price: '1008000.00' }),
      'anti_dumping',
      'not_applicable',
      /VAT rate/,
    ],
    [
      'turnoverDate given in 2026',
      withAward({ date: '2025-12-10', price: '1008000.00', turnoverDate: '2026-01-10' }),
      'anti_dumping',
      'flagged',
      null,
    ],
    [
      'offers omitted for the e-shop: unknown',
      { ...base, method: 'eshop', award: withAward({ priceIncludesVat: false }).award },
      'anti_dumping',
      'not_applicable',
      /offers.*unknown/,
    ],
    [
      'offers empty for the e-shop: none',
      { ...base, method: 'eshop', offers: [], award: withAward({ priceIncludesVat: false }).award },
      'anti_dumping',
      'not_applicable',
      /needs the offers/,
    ],
    [
      'marketUnitPrices null: no sample',
      { ...base, marketUnitPrices: null },
      'price_above_market',
      'not_applicable',
      /sample of 0/,
    ],
  ];
  for (const [name, payload, rule, status, reason] of table) {
    const o = of(payload, rule);
    assert.equal(o.status, status, `${name}: ${o.reason}`);
    if (reason) assert.match(o.reason, reason, name);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { D, PROCUREMENT_SUBJECTS } from '@zakupai/domain';
import { evaluateLot } from '../src/domain/evaluate-lot.ts';
import type { LotContext } from '../src/domain/context.ts';
import { addDays } from '../src/domain/dates.ts';
import { LOT_METHODS, type Lot } from '../src/domain/lot.ts';
import { RULE_IDS, type RuleOutcome } from '../src/domain/outcome.ts';
import { levelOf, scoreOf } from '../src/domain/score.ts';
import { context, CUSTOMER, lot, OTHER_SUPPLIER, rules, SUPPLIER } from './support.ts';

const MARKET = ['90', '100', '110'].map((x) => D(x)); // median 100

/** Outcomes with the shipped weights: flagged or not, with a severity in [0, 1] (in thousandths). */
const outcomesArb = fc.array(fc.record({ on: fc.boolean(), permille: fc.integer({ min: 0, max: 1000 }) }), {
  minLength: RULE_IDS.length,
  maxLength: RULE_IDS.length,
});
const toPoints = (xs: { on: boolean; permille: number }[]): Pick<RuleOutcome, 'points'>[] =>
  xs.map((x, i) => ({
    points: x.on ? D(x.permille).dividedBy(1000).times(rules.rules[RULE_IDS[i]!].weight) : D(0),
  }));

test('property: the score is an integer within 0..100 for any set of flags and severities', () => {
  fc.assert(
    fc.property(outcomesArb, (xs) => {
      const s = scoreOf(toPoints(xs));
      return Number.isInteger(s) && s >= 0 && s <= 100;
    }),
  );
});

test('property: turning a flag on, or raising its severity, never lowers the score', () => {
  fc.assert(
    fc.property(
      outcomesArb,
      fc.nat({ max: RULE_IDS.length - 1 }),
      fc.integer({ min: 0, max: 1000 }),
      (xs, i, extra) => {
        const before = scoreOf(toPoints(xs));
        const on = xs.map((x, j) => (j === i ? { ...x, on: true } : x));
        const raised = xs.map((x, j) =>
          j === i ? { ...x, permille: Math.min(1000, x.permille + extra) } : x,
        );
        return scoreOf(toPoints(on)) >= before && scoreOf(toPoints(raised)) >= before;
      },
    ),
  );
});

/** Random lots over every method and subject, with history, market and register data around them. */
const caseArb = fc.record({
  method: fc.constantFrom(...LOT_METHODS) as fc.Arbitrary<Lot['method']>,
  subject: fc.constantFrom(...PROCUREMENT_SUBJECTS),
  repeat: fc.boolean(),
  windowDays: fc.integer({ min: 0, max: 20 }),
  participants: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
  plan: fc.boolean(),
  unitPrice: fc.integer({ min: 1, max: 400 }),
  awardPermille: fc.integer({ min: 500, max: 1100 }),
  includesVat: fc.boolean(),
  year: fc.constantFrom(2025, 2026),
  inRnu: fc.boolean(),
  wins: fc.integer({ min: 0, max: 8 }),
  losses: fc.integer({ min: 0, max: 8 }),
  splitParts: fc.array(fc.integer({ min: 1, max: 30_000_000 }), { maxLength: 4 }),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function build(c: Case): { l: Lot; ctx: LotContext } {
  const start = `${c.year}-02-02`;
  const awardDate = `${c.year}-03-02`;
  const allocated = D('1000000');
  const l = lot({
    method: c.method,
    subjects: [c.subject],
    repeat: c.repeat,
    finYear: c.year,
    bidWindow: { start, end: addDays(start, c.windowDays) },
    item: { code: 'C', unit: 'шт', quantity: D(1), unitPrice: D(c.unitPrice) },
    allocatedAmount: allocated,
    participants: c.participants,
    offers: c.method === 'eshop' ? [D('1000000'), D('900000')] : null,
    award: {
      supplierBin: SUPPLIER,
      date: awardDate,
      price: allocated.times(c.awardPermille).dividedBy(1000),
      priceIncludesVat: c.includesVat,
      vatCategory: null,
    },
    planPointId: c.plan ? 'PP' : null,
  });
  const history = [
    ...Array.from({ length: c.wins }, (_, i) => ({ lotId: `W${i}`, supplierBin: SUPPLIER })),
    ...Array.from({ length: c.losses }, (_, i) => ({ lotId: `O${i}`, supplierBin: OTHER_SUPPLIER })),
  ];
  const ctx = context({
    asOf: awardDate,
    marketUnitPrices: MARKET,
    rnu: c.inRnu
      ? [{ supplierBin: SUPPLIER, startDate: `${c.year}-01-01`, endDate: null, observedOn: null }]
      : [],
    awards: history.map((h) => ({ ...h, customerBin: CUSTOMER, date: `${c.year}-01-15` })),
    purchases: c.splitParts.map((amount, i) => ({
      lotId: `S${i}`,
      customerBin: CUSTOMER,
      code: 'C',
      finYear: c.year,
      method: c.method,
      amount: D(amount),
    })),
  });
  return { l, ctx };
}

test('property: any lot scores within 0..100 with the level its thresholds give', () => {
  fc.assert(
    fc.property(caseArb, (c) => {
      const { l, ctx } = build(c);
      const a = evaluateLot(l, ctx, rules);
      assert.ok(Number.isInteger(a.score) && a.score >= 0 && a.score <= 100);
      assert.equal(a.level, levelOf(a.score, rules.levels));
      assert.equal(a.outcomes.length, RULE_IDS.length);
      assert.deepEqual(
        a.flags,
        a.outcomes.filter((o) => o.status === 'flagged').map((o) => o.rule),
      );
    }),
    { numRuns: 300 },
  );
});

/** Changes that can only make a lot look worse, each touching one rule's input. */
const worsen: Record<string, (c: Case) => Case> = {
  short_tender_period: (c) => ({ ...c, windowDays: Math.max(0, c.windowDays - 3) }),
  price_above_market: (c) => ({ ...c, unitPrice: c.unitPrice + 50 }),
  anti_dumping: (c) => ({ ...c, awardPermille: c.awardPermille - 100 }),
  supplier_in_rnu: (c) => ({ ...c, inRnu: true }),
  single_participant: (c) => ({
    ...c,
    participants: c.participants === null ? null : Math.min(1, c.participants),
  }),
  repeated_winner: (c) => ({ ...c, wins: c.wins + 3 }),
  missing_plan_link: (c) => ({ ...c, plan: false }),
};

test('property: worsening one rule’s input never lowers the score, and keeps that rule flagged if it was', () => {
  for (const [rule, change] of Object.entries(worsen)) {
    fc.assert(
      fc.property(caseArb, (c) => {
        const before = build(c);
        const after = build(change(c));
        const a = evaluateLot(before.l, before.ctx, rules);
        const b = evaluateLot(after.l, after.ctx, rules);
        assert.ok(b.score >= a.score, `${rule}: ${a.score} → ${b.score}`);
        if (a.flags.includes(rule as never)) assert.ok(b.flags.includes(rule as never), rule);
      }),
      { numRuns: 150 },
    );
  }
});

test('every score from 0 to 100 is reachable', () => {
  // Yes/no contributions available on a clean lot, and the market rule's continuous 1..25 on top.
  const toggles: Array<{ points: number; apply: (l: Lot, ctx: LotContext) => void }> = [
    { points: 10, apply: (l) => (l.planPointId = null) },
    { points: 20, apply: (l) => (l.participants = 1) },
    { points: 40, apply: (l) => ((l.subjects = ['construction']), l.award && (l.award.price = D('900000'))) },
    {
      points: 45,
      apply: (_l, ctx) =>
        ctx.rnu.push({ supplierBin: SUPPLIER, startDate: '2026-01-01', endDate: null, observedOn: null }),
    },
  ];
  const scoreWith = (mask: number, cents: number | null) => {
    const l = lot();
    const ctx = context({ marketUnitPrices: MARKET, rnu: [] });
    toggles.forEach((t, i) => mask & (1 << i) && t.apply(l, ctx));
    l.item = { ...l.item!, unitPrice: D(cents ?? 10000).dividedBy(100) }; // 100.00 = the median: no market flag
    return evaluateLot(l, ctx, rules).score;
  };
  const reached = new Set<number>();
  for (let target = 0; target <= 100; target++) {
    for (let mask = 0; mask < 1 << toggles.length && !reached.has(target); mask++) {
      const base = scoreWith(mask, null);
      if (base === target) reached.add(target);
      if (base >= target || target - base > 25) continue;
      // Smallest unit price (in tiyn, between 120.01 and 200.00) whose score reaches the target.
      let lo = 12001;
      let hi = 20000;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (scoreWith(mask, mid) >= target) hi = mid;
        else lo = mid + 1;
      }
      if (scoreWith(mask, lo) === target) reached.add(target);
    }
  }
  const missing = Array.from({ length: 101 }, (_, i) => i).filter((s) => !reached.has(s));
  assert.deepEqual(missing, []);
});

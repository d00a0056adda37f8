import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { D } from '@zakupai/domain';
import type { LotContext, RnuRecord } from '../src/domain/context.ts';
import { evaluateLot } from '../src/domain/evaluate-lot.ts';
import { parseLotInput } from '../src/domain/parse-lot.ts';
import { calendar, rules } from './support.ts';

interface Example {
  id: string;
  name: string;
  reasoning: string;
  lot: Record<string, unknown>;
  /** Fields of `defaults` left out of this lot, so that they are unknown. */
  omit?: string[];
  context?: {
    asOf?: string;
    marketUnitPrices?: string[];
    rnu?: Array<Partial<RnuRecord> & { supplierBin: string }>;
    awards?: LotContext['awards'];
    purchases?: Array<Omit<LotContext['purchases'][number], 'amount'> & { amount: string }>;
  };
  expect: { flags: string[]; score: number; level: string };
}
interface Fixture {
  defaults: Record<string, unknown>;
  defaultContext: { asOf: string };
  examples: Example[];
}

const fixture = parse(
  readFileSync(new URL('./fixtures/worked-lots.yaml', import.meta.url), 'utf8'),
) as Fixture;

test('the worked examples number at least 20 and each carries its reasoning', () => {
  assert.ok(fixture.examples.length >= 20);
  assert.equal(new Set(fixture.examples.map((e) => e.id)).size, fixture.examples.length);
  for (const e of fixture.examples) assert.ok(e.reasoning.length > 20, e.id);
});

for (const e of fixture.examples) {
  test(`worked example ${e.id}: ${e.name}`, () => {
    const payload: Record<string, unknown> = { ...fixture.defaults, ...e.lot, id: e.id };
    for (const field of e.omit ?? []) delete payload[field];
    const { lot } = parseLotInput(payload);
    const c = e.context ?? {};
    const ctx: LotContext = {
      asOf: c.asOf ?? fixture.defaultContext.asOf,
      calendar,
      marketUnitPrices: c.marketUnitPrices?.map((p) => D(p)) ?? null,
      rnu: (c.rnu ?? []).map((r) => ({ startDate: null, endDate: null, observedOn: null, ...r })),
      awards: c.awards ?? [],
      purchases: (c.purchases ?? []).map((p) => ({ ...p, amount: D(p.amount) })),
    };
    const a = evaluateLot(lot, ctx, rules);
    assert.deepEqual(a.flags, e.expect.flags, `${e.id} flags`);
    assert.equal(a.score, e.expect.score, `${e.id} score`);
    assert.equal(a.level, e.expect.level, `${e.id} level`);
  });
}

import { readFileSync } from 'node:fs';
import { D } from '@zakupai/domain';
import { DEFAULT_HOLIDAYS_FILE, DEFAULT_RULES_FILE } from '../src/config/rule-files.ts';
import type { LotContext } from '../src/domain/context.ts';
import { parseHolidays } from '../src/domain/parse-holidays.ts';
import { parseRules } from '../src/domain/parse-rules.ts';
import type { Lot } from '../src/domain/lot.ts';
import { evaluateLot } from '../src/domain/evaluate-lot.ts';
import type { RuleId, RuleOutcome } from '../src/domain/outcome.ts';

/** The shipped rules and calendar: tests judge the real configuration, not a copy. */
export const rulesText = readFileSync(DEFAULT_RULES_FILE, 'utf8');
export const holidaysText = readFileSync(DEFAULT_HOLIDAYS_FILE, 'utf8');
export const rules = parseRules(rulesText);
export const calendar = parseHolidays(holidaysText);

/** Valid BINs (check digits worked out in bin.test.ts). */
export const CUSTOMER = '900101300017';
export const SUPPLIER = '100000000205';
export const OTHER_SUPPLIER = '123456789013';

/** A clean lot: a 2026 tender with a 10-working-day window, 3 bids, a plan link, awarded at 95% without VAT. */
export function lot(overrides: Partial<Lot> = {}): Lot {
  return {
    id: 'L1',
    customerBin: CUSTOMER,
    method: 'tender',
    subjects: ['other'],
    repeat: false,
    finYear: 2026,
    bidWindow: { start: '2026-02-02', end: '2026-02-16' },
    item: { code: '251111.100.000001', unit: 'шт', quantity: D(10), unitPrice: D('100000') },
    allocatedAmount: D('1000000'),
    participants: 3,
    offers: null,
    award: {
      supplierBin: SUPPLIER,
      date: '2026-02-20',
      price: D('950000'),
      priceIncludesVat: false,
      vatCategory: null,
    },
    planPointId: 'PP-1',
    ...overrides,
  };
}

export function context(overrides: Partial<LotContext> = {}): LotContext {
  return {
    asOf: '2026-03-01',
    calendar,
    marketUnitPrices: null,
    rnu: [],
    awards: [],
    purchases: [],
    ...overrides,
  };
}

/** The outcome of one rule when the whole engine runs on `l` in `c`. */
export function outcome(rule: RuleId, l: Lot, c: LotContext = context()): RuleOutcome {
  const found = evaluateLot(l, c, rules).outcomes.find((o) => o.rule === rule);
  if (!found) throw new Error(`no outcome for ${rule}`);
  return found;
}

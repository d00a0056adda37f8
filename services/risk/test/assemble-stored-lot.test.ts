import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assembleStoredLot } from '../src/app/assemble-stored-lot.ts';
import type { StoredLotFacts } from '../src/app/stored-lot-source.ts';
import type { Lot } from '../src/domain/lot.ts';
import {
  isRepeatTradeName,
  methodFromTradeName,
  subjectKindFromEnstru,
  subjectsFromPortal,
} from '../src/domain/trade-method.ts';
import { CUSTOMER, OTHER_SUPPLIER, SUPPLIER } from './support.ts';

test('trade methods are read from their reference names, never from ids', () => {
  const table: Array<[string | null, string | null]> = [
    ['Открытый конкурс', 'tender'],
    ['Конкурс с предварительным квалификационным отбором', 'tender'],
    // Rules 687 p.13, p.164: the rating-and-points tender is a method of its own (3 working days), never "tender".
    ['Конкурс с использованием рейтингово-балльной системы', 'rating_tender'],
    ['Конкурс с применением рейтингово-балльной системы', 'rating_tender'],
    ['Открытый конкурс (РБС)', 'rating_tender'],
    ['Запрос ценовых предложений', 'price_quotes'],
    ['ЗАПРОС  ЦЕНОВЫХ ПРЕДЛОЖЕНИЙ', 'price_quotes'],
    ['Аукцион', 'auction'],
    ['Электронный магазин', 'eshop'],
    ['Закупка через электронный магазин', 'eshop'],
    ['Из одного источника', 'single_source'],
    ['Из одного источника по несостоявшимся закупкам', 'single_source'],
    ['Через товарные биржи', null],
    ['', null],
    [null, null],
  ];
  for (const [name, method] of table) assert.equal(methodFromTradeName(name), method, String(name));
  assert.equal(isRepeatTradeName('Повторная закупка'), true);
  assert.equal(isRepeatTradeName('Первичная закупка'), false);
});

test('Rules 687 pp.85–94 (table): a mirrored lot gets its subject from the flags, the subject type and the ENSTRU code, never "other" by default', () => {
  const table: Array<[string, Parameters<typeof subjectsFromPortal>[0], string[]]> = [
    [
      'construction flag (p.85)',
      { construction: true, psdSign: 0, subjectTypeName: null, itemCode: null },
      ['construction'],
    ],
    [
      'ТЭО/ПСД design (p.88)',
      { construction: false, psdSign: 2, subjectTypeName: 'Услуга', itemCode: null },
      ['design'],
    ],
    [
      'goods by subject type (p.94)',
      { construction: false, psdSign: 0, subjectTypeName: 'Товар', itemCode: null },
      ['other'],
    ],
    [
      'goods by ENSTRU 17 (paper)',
      { construction: false, psdSign: 0, subjectTypeName: null, itemCode: '171912.100.000000' },
      ['other'],
    ],
    [
      'catering by ENSTRU 56 (p.93)',
      { construction: false, psdSign: 0, subjectTypeName: null, itemCode: '562910.000.000000' },
      ['catering'],
    ],
    [
      'works, not roads (pp.87, 94)',
      { construction: false, psdSign: 0, subjectTypeName: 'Работа', itemCode: '433910.000.000000' },
      ['current_repair', 'other'],
    ],
    [
      'road works, division 42 (p.86)',
      { construction: false, psdSign: 0, subjectTypeName: null, itemCode: '421110.000.000000' },
      ['road_medium_repair', 'current_repair', 'other'],
    ],
    [
      'division 71 services (pp.88–92)',
      { construction: false, psdSign: null, subjectTypeName: null, itemCode: '711210.000.000000' },
      ['design', 'expertise', 'engineering', 'social_order', 'other'],
    ],
    [
      'other services (pp.92, 94)',
      { construction: false, psdSign: 0, subjectTypeName: null, itemCode: '812110.000.000000' },
      ['social_order', 'other'],
    ],
    [
      'repair of machinery, division 33, is a service',
      { construction: false, psdSign: 0, subjectTypeName: null, itemCode: '331219.000.000000' },
      ['social_order', 'other'],
    ],
    [
      'the subject type wins over the code',
      { construction: false, psdSign: 0, subjectTypeName: 'Товар', itemCode: '812110.000.000000' },
      ['other'],
    ],
  ];
  for (const [name, f, subjects] of table) assert.deepEqual(subjectsFromPortal(f), subjects, name);
  // Nothing known: every subject the flags leave open (not construction when the flag is 0).
  const open = subjectsFromPortal({
    construction: false,
    psdSign: null,
    subjectTypeName: null,
    itemCode: null,
  });
  assert.equal(open.includes('construction'), false);
  assert.equal(open.length, 8);
  assert.equal(
    subjectKindFromEnstru('351110.000.000000'),
    'goods',
    'electricity is a good (Law Art. 3 sub-para 28)',
  );
  assert.equal(subjectKindFromEnstru('381111.000.000000'), 'services');
  assert.equal(subjectKindFromEnstru('x'), null);
});

/** A mirrored tender lot with a plan point, two bidders and a contract with VAT. */
function facts(overrides: Partial<StoredLotFacts> = {}): StoredLotFacts {
  return {
    id: '20000001',
    amount: '1000000.00',
    count: '3',
    customerBin: CUSTOMER,
    itemCode: '171912.100.000000',
    pointList: [7000001],
    plans: [{ id: 7000001, ref_units_code: '778' }],
    construction: false,
    psdSign: 0,
    methodName: 'Открытый конкурс',
    typeTradeName: 'Первичная закупка',
    finYear: 2025,
    publishDate: '2025-03-03',
    startDate: '2025-03-04',
    endDate: '2025-03-14',
    repeatStartDate: null,
    repeatEndDate: null,
    bids: [
      { supplierBin: SUPPLIER, price: '950000.00' },
      { supplierBin: OTHER_SUPPLIER, price: '990000.00' },
    ],
    contract: {
      supplierBin: SUPPLIER,
      sumWithVat: '1064000.00',
      sumWithoutVat: '950000.00',
      date: '2025-03-20',
      finYear: 2025,
    },
    updatedAt: new Date('2025-03-21T00:00:00Z'),
    ...overrides,
  };
}

function lotOf(f: StoredLotFacts): Lot {
  const a = assembleStoredLot(f);
  if (!a.ok) assert.fail(a.reason);
  return a.input.lot;
}

test('a mirrored lot becomes a risk lot: method, window, item, bids, award with VAT, plan link', () => {
  const lot = lotOf(facts());
  assert.equal(lot.method, 'tender');
  assert.deepEqual(lot.subjects, ['other'], 'ENSTRU 17: goods');
  assert.equal(lot.repeat, false);
  assert.equal(lot.finYear, 2025);
  assert.deepEqual(lot.bidWindow, { start: '2025-03-04', end: '2025-03-14' });
  assert.equal(lot.item?.unit, '778');
  assert.equal(lot.item?.unitPrice.toString(), '333333.33');
  assert.equal(lot.allocatedAmount.toString(), '1000000');
  assert.equal(lot.participants, 2);
  assert.equal(lot.offers, undefined, 'offers are the e-shop reference only');
  assert.equal(lot.award?.supplierBin, SUPPLIER);
  assert.equal(lot.award?.price.toString(), '1064000');
  assert.equal(lot.award?.priceIncludesVat, true);
  assert.equal(lot.award?.date, '2025-03-20');
  assert.equal(lot.award?.vatCategory, null, 'paper: general VAT');
  assert.equal(lot.planPointId, '7000001');
});

test('Tax Code (the rate of the turnover date) (table): a mirrored contract is netted at the rate of its delivery date', () => {
  const contract = (o: Partial<NonNullable<StoredLotFacts['contract']>>) => ({
    contract: { ...facts().contract!, ...o },
  });
  const table: Array<[string, Partial<StoredLotFacts>, string | undefined, boolean]> = [
    ['delivery date given', contract({ turnoverDate: '2026-01-20' }), '2026-01-20', true],
    ['no delivery date: unknown', contract({ turnoverDate: null }), undefined, true],
    ['a delivery before signing is not believed', contract({ turnoverDate: '2025-01-01' }), undefined, true],
    [
      'equal sums: no VAT in the price',
      contract({ sumWithVat: '950000.00', sumWithoutVat: '950000' }),
      undefined,
      false,
    ],
  ];
  for (const [name, f, turnover, includesVat] of table) {
    const a = lotOf(facts(f)).award!;
    assert.equal(a.turnoverDate, turnover, name);
    assert.equal(a.priceIncludesVat, includesVat, name);
  }
  // A medicine may carry a reduced rate: its category is unknown, not general.
  assert.equal(lotOf(facts({ itemCode: '212010.000.000001' })).award?.vatCategory, undefined);
});

test('missing facts stay unknown instead of being guessed', () => {
  const bare = lotOf(
    facts({
      methodName: null,
      bids: [],
      contract: null,
      pointList: undefined,
      plans: undefined,
      startDate: null,
      publishDate: null,
    }),
  );
  assert.equal(bare.method, null);
  assert.equal(bare.participants, null);
  assert.equal(bare.award, undefined, 'no contract in the mirror: the award is unknown');
  assert.equal(bare.planPointId, undefined);
  assert.equal(bare.item, undefined, 'no unit without plan data');
  assert.equal(bare.bidWindow, undefined);
  // An empty plan list is a missing link (flagged), not an unknown one.
  assert.equal(lotOf(facts({ pointList: [], plans: [] })).planPointId, null);
  // A contract sum without VAT is used as such; a contract without a supplier is no award.
  const net = lotOf(
    facts({ contract: { ...facts().contract!, sumWithVat: null, sumWithoutVat: '950000.00' } }),
  );
  assert.equal(net.award?.priceIncludesVat, false);
  assert.equal(lotOf(facts({ contract: { ...facts().contract!, supplierBin: null } })).award, undefined);
  // A deadline before the start is no window we can read.
  assert.equal(lotOf(facts({ endDate: '2025-03-01' })).bidWindow, undefined);
});

test('repeat procurement, e-shop offers and subjects come from the mirror', () => {
  const repeat = lotOf(
    facts({
      typeTradeName: 'Повторная закупка',
      repeatStartDate: '2025-04-01',
      repeatEndDate: '2025-04-04',
    }),
  );
  assert.equal(repeat.repeat, true);
  assert.deepEqual(repeat.bidWindow, { start: '2025-04-01', end: '2025-04-04' });
  // Without a type-trade name, repeat dates say "repeat"; their absence says nothing (unknown).
  assert.equal(lotOf(facts({ typeTradeName: null, repeatStartDate: '2025-04-01' })).repeat, true);
  assert.equal(lotOf(facts({ typeTradeName: null })).repeat, null);
  const eshop = lotOf(facts({ methodName: 'Электронный магазин' }));
  assert.deepEqual(
    eshop.offers?.map((o) => o.toString()),
    ['950000', '990000'],
  );
  assert.deepEqual(lotOf(facts({ construction: true })).subjects, ['construction']);
  // One bidder counted once, however many lots of its application it bid on.
  assert.equal(
    lotOf(
      facts({
        bids: [
          { supplierBin: SUPPLIER, price: '1' },
          { supplierBin: SUPPLIER, price: '2' },
        ],
      }),
    ).participants,
    1,
  );
});

test('a lot that cannot be placed is refused with the reason', () => {
  const cases: Array<[Partial<StoredLotFacts>, string]> = [
    [{ customerBin: null }, 'the lot has no customer BIN'],
    [{ finYear: null, contract: null }, 'the lot has no financial year'],
    [{ amount: 'NaN' }, 'the lot amount is not a number'],
  ];
  for (const [o, reason] of cases) {
    const a = assembleStoredLot(facts(o));
    assert.equal(a.ok, false);
    if (!a.ok) assert.equal(a.reason, reason);
  }
  // The contract's financial year stands in for the announcement's.
  assert.equal(lotOf(facts({ finYear: null })).finYear, 2025);
});

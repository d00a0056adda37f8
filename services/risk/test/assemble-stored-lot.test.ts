import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assembleStoredLot } from '../src/app/assemble-stored-lot.ts';
import type { StoredLotFacts } from '../src/app/stored-lot-source.ts';
import type { Lot } from '../src/domain/lot.ts';
import { isRepeatTradeName, methodFromTradeName, subjectFromFlags } from '../src/domain/trade-method.ts';
import { CUSTOMER, OTHER_SUPPLIER, SUPPLIER } from './support.ts';

test('trade methods are read from their reference names, never from ids', () => {
  const table: Array<[string | null, string | null]> = [
    ['Открытый конкурс', 'tender'],
    ['Конкурс с предварительным квалификационным отбором', 'tender'],
    ['Конкурс с использованием рейтингово-балльной системы', 'tender'],
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
  assert.equal(subjectFromFlags({ construction: true, psdSign: 2 }), 'construction');
  assert.equal(subjectFromFlags({ construction: false, psdSign: 2 }), 'design');
  assert.equal(subjectFromFlags({ construction: false, psdSign: 1 }), 'other');
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
  assert.equal(lot.subject, 'other');
  assert.equal(lot.repeat, false);
  assert.equal(lot.finYear, 2025);
  assert.deepEqual(lot.bidWindow, { start: '2025-03-04', end: '2025-03-14' });
  assert.equal(lot.item?.unit, '778');
  assert.equal(lot.item?.unitPrice.toString(), '333333.33');
  assert.equal(lot.allocatedAmount.toString(), '1000000');
  assert.equal(lot.participants, 2);
  assert.equal(lot.offers, null, 'offers are the e-shop reference only');
  assert.equal(lot.award?.supplierBin, SUPPLIER);
  assert.equal(lot.award?.price.toString(), '1064000');
  assert.equal(lot.award?.priceIncludesVat, true);
  assert.equal(lot.award?.date, '2025-03-20');
  assert.equal(lot.planPointId, '7000001');
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
  assert.equal(bare.award, null);
  assert.equal(bare.planPointId, undefined);
  assert.equal(bare.item, null, 'no unit without plan data');
  assert.equal(bare.bidWindow, null);
  // An empty plan list is a missing link (flagged), not an unknown one.
  assert.equal(lotOf(facts({ pointList: [], plans: [] })).planPointId, null);
  // A contract sum without VAT is used as such; a contract without a supplier is no award.
  const net = lotOf(
    facts({ contract: { ...facts().contract!, sumWithVat: null, sumWithoutVat: '950000.00' } }),
  );
  assert.equal(net.award?.priceIncludesVat, false);
  assert.equal(lotOf(facts({ contract: { ...facts().contract!, supplierBin: null } })).award, null);
  // A deadline before the start is no window.
  assert.equal(lotOf(facts({ endDate: '2025-03-01' })).bidWindow, null);
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
  // Without a type-trade name, repeat dates decide.
  assert.equal(lotOf(facts({ typeTradeName: null, repeatStartDate: '2025-04-01' })).repeat, true);
  assert.equal(lotOf(facts({ typeTradeName: null })).repeat, false);
  const eshop = lotOf(facts({ methodName: 'Электронный магазин' }));
  assert.deepEqual(
    eshop.offers?.map((o) => o.toString()),
    ['950000', '990000'],
  );
  assert.equal(lotOf(facts({ construction: true })).subject, 'construction');
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

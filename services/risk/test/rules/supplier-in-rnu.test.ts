import { test } from 'node:test';
import assert from 'node:assert/strict';
import { D } from '@zakupai/domain';
import type { RnuRecord } from '../../src/domain/context.ts';
import { context, lot, OTHER_SUPPLIER, outcome, SUPPLIER } from '../support.ts';

const listing: RnuRecord = {
  supplierBin: SUPPLIER,
  startDate: '2026-01-10',
  endDate: '2028-01-10',
  observedOn: null,
};
const on = (date: string, rnu: RnuRecord[] = [listing], supplierBin = SUPPLIER) =>
  outcome(
    'supplier_in_rnu',
    lot({ award: { supplierBin, date, price: D('950000'), priceIncludesVat: false, vatCategory: null } }),
    context({ rnu }),
  );

test('listed from the start date inclusive to the end date exclusive', () => {
  assert.equal(on('2026-01-09').status, 'clear');
  const first = on('2026-01-10');
  assert.equal(first.status, 'flagged');
  assert.equal(first.evidence.since, '2026-01-10');
  assert.equal(first.evidence.until, '2028-01-10');
  assert.equal(first.points.toString(), '45');
  assert.equal(on('2028-01-09').status, 'flagged');
  assert.equal(on('2028-01-10').status, 'clear');
});

test('an open listing never ends; a dateless list row counts from the day it was seen', () => {
  const open = { ...listing, endDate: null };
  assert.equal(on('2030-06-01', [open]).status, 'flagged');
  const seen: RnuRecord = { supplierBin: SUPPLIER, startDate: null, endDate: null, observedOn: '2026-03-01' };
  assert.equal(on('2026-02-28', [seen]).status, 'clear');
  const flagged = on('2026-03-01', [seen]);
  assert.equal(flagged.status, 'flagged');
  assert.equal(flagged.evidence.datesUnknown, true);
  const nothingKnown: RnuRecord = { ...seen, observedOn: null };
  assert.equal(on('2026-03-01', [nothingKnown]).status, 'clear');
});

test('another supplier’s listing does not count; no award is not applicable', () => {
  assert.equal(on('2026-06-01', [listing], OTHER_SUPPLIER).status, 'clear');
  assert.equal(
    outcome('supplier_in_rnu', lot({ award: null }), context({ rnu: [listing] })).status,
    'not_applicable',
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  assertValidRelease,
  BIDS_EXTENSION_FILE,
  checkRelease,
  closedCodelists,
  CORE_SCHEMA_FILE,
  releaseSchemaWithBids,
} from '../ocds.ts';

function release(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ocid: 'ocds-zkp001-100',
    id: 'ocds-zkp001-100-compiled',
    date: '2025-03-01T10:00:00+05:00',
    tag: ['compiled'],
    initiationType: 'tender',
    parties: [
      { id: 'KZ-BIN-990140000483', name: 'Buyer', roles: ['buyer', 'procuringEntity'] },
      { id: 'KZ-BIN-180240000019', name: 'Winner', roles: ['tenderer', 'supplier'] },
    ],
    buyer: { id: 'KZ-BIN-990140000483', name: 'Buyer' },
    tender: {
      id: '100',
      status: 'complete',
      procurementMethod: 'open',
      procurementMethodDetails: 'Открытый конкурс',
      procuringEntity: { id: 'KZ-BIN-990140000483', name: 'Buyer' },
      tenderPeriod: { startDate: '2025-02-01T09:00:00+05:00', endDate: '2025-02-20T18:00:00+05:00' },
      numberOfTenderers: 1,
      items: [{ id: '1', classification: { scheme: 'CPV', id: '30192700' } }],
    },
    bids: {
      details: [
        {
          id: 'b1',
          status: 'valid',
          date: '2025-02-19T12:00:00+05:00',
          value: { amount: 1160000.5, currency: 'KZT' },
          tenderers: [{ id: 'KZ-BIN-180240000019', name: 'Winner' }],
        },
      ],
    },
    awards: [{ id: 'a1', status: 'active', suppliers: [{ id: 'KZ-BIN-180240000019', name: 'Winner' }] }],
    ...patch,
  };
}

test('the vendored schemas are the published OCDS 1.1.5 files, unchanged', () => {
  const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
  assert.equal(sha(CORE_SCHEMA_FILE), 'fac192e1ccfb061f5164bdb2d64c29e517c0f81661996b97de40cebc55a2c1bc');
  assert.equal(sha(BIDS_EXTENSION_FILE), '9d8c2a29edf341c15753c60743c89081153d0bf92cb2130e24343042bcea3031');
});

test('the merged schema carries the bids extension on top of the core schema', () => {
  const core = JSON.parse(readFileSync(CORE_SCHEMA_FILE, 'utf8'));
  assert.equal(core.properties.bids, undefined);
  const merged = releaseSchemaWithBids() as {
    properties: Record<string, unknown>;
    definitions: Record<string, unknown>;
  };
  assert.ok(merged.properties.bids);
  assert.ok(merged.definitions.Bid);
  assert.ok(merged.properties.tender, 'core properties survive the merge');
  const closed = closedCodelists(merged);
  assert.deepEqual(closed.get('bidStatus.csv'), ['invited', 'pending', 'valid', 'disqualified', 'withdrawn']);
  assert.deepEqual(closed.get('method.csv'), ['open', 'selective', 'limited', 'direct']);
  assert.deepEqual(closed.get('awardStatus.csv'), ['pending', 'active', 'cancelled', 'unsuccessful']);
  assert.deepEqual(closed.get('contractStatus.csv'), ['pending', 'active', 'cancelled', 'terminated']);
});

test('a complete compiled release with bids is valid, party references included', () => {
  const report = checkRelease(release(), { partyReferences: true });
  assert.deepEqual(report, { errors: [], warnings: [] });
  assert.doesNotThrow(() => assertValidRelease(release(), { partyReferences: true }));
});

test('a broken release fails with messages that name the place, the rule and the value', () => {
  const broken = release({ id: undefined, initiationType: 'auction' }) as Record<string, unknown>;
  delete broken.id;
  const tender = broken.tender as Record<string, unknown>;
  tender.tenderPeriod = { startDate: '2025-02-01', endDate: '2025-02-20T18:00:00+05:00' };
  tender.numberOfTenderers = '1';
  const bid = (broken.bids as { details: Array<Record<string, unknown>> }).details[0]!;
  bid.status = 'qualified';
  const report = checkRelease(broken);
  assert.equal(report.errors.length, 5, 'each problem once');
  const text = report.errors.map((e) => `${e.path || '/'} ${e.message}`);
  assert.ok(text.includes("/ is missing required property 'id'"), text.join('\n'));
  assert.ok(
    text.includes(
      "/initiationType 'auction' is not a code of the closed codelist initiationType.csv (tender)",
    ),
  );
  assert.ok(text.some((t) => t.startsWith('/tender/tenderPeriod/startDate must match format "date-time"')));
  assert.ok(text.some((t) => t.includes('got "2025-02-01"')));
  assert.ok(text.some((t) => t.startsWith('/tender/numberOfTenderers must be integer,null; got "1"')));
  assert.ok(
    text.includes(
      "/bids/details/0/status 'qualified' is not a code of the closed codelist bidStatus.csv (invited, pending, valid, disqualified, withdrawn)",
    ),
    text.join('\n'),
  );
  assert.throws(
    () => assertValidRelease(broken, {}, 'fixture r024.yaml#3'),
    (e: Error) =>
      e.message.startsWith('fixture r024.yaml#3 is not valid OCDS 1.1.5:\n') &&
      e.message.includes("error /: is missing required property 'id'") &&
      e.message.includes('error /bids/details/0/status'),
  );
});

test('repeated ids in an array OCDS merges by id are an error', () => {
  const awards = [
    { id: 'a1', status: 'active' },
    { id: 'a1', status: 'cancelled' },
  ];
  const report = checkRelease(release({ awards }));
  assert.deepEqual(
    report.errors.map((e) => [e.kind, e.path, e.message]),
    [['duplicate-id', '/awards/1', "id 'a1' repeats /awards/0"]],
  );
});

test('codes outside an open codelist are warnings unless listed as a deliberate extension', () => {
  const r = release();
  (r.tender as { items: Array<{ classification: { scheme: string } }> }).items[0]!.classification.scheme =
    'KZ-ENSTRU';
  (r.parties as Array<{ roles: string[] }>)[1]!.roles.push('winner');
  const report = checkRelease(r);
  assert.deepEqual(report.errors, []);
  assert.deepEqual(
    report.warnings.map((w) => w.path),
    ['/parties/1/roles/2', '/tender/items/0/classification/scheme'],
  );
  assert.match(
    report.warnings[1]!.message,
    /'KZ-ENSTRU' is not a code of the open codelist itemClassificationScheme\.csv/,
  );
  const allowed = checkRelease(r, {
    extraCodes: { 'itemClassificationScheme.csv': ['KZ-ENSTRU'], 'partyRole.csv': ['winner'] },
  });
  assert.deepEqual(allowed, { errors: [], warnings: [] });
  assert.throws(() => assertValidRelease(r), /warning \/tender\/items\/0\/classification\/scheme/);
});

test('party references: an undeclared party and a missing role are reported when asked for', () => {
  const r = release({ buyer: { id: 'KZ-BIN-000000000000', name: 'Nobody' } });
  (r.parties as Array<{ roles: string[] }>)[1]!.roles = ['tenderer'];
  const report = checkRelease(r, { partyReferences: true });
  assert.deepEqual(
    report.warnings.map((w) => `${w.path} ${w.message}`),
    [
      "/buyer id 'KZ-BIN-000000000000' is not in parties[]",
      "/awards/0/suppliers/0 party 'KZ-BIN-180240000019' lacks the role 'supplier'",
    ],
  );
  assert.deepEqual(checkRelease(r).warnings, [], 'off by default');
});

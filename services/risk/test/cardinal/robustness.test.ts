import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkRelease } from '@zakupai/testing/ocds';
import {
  DEFAULT_CARDINAL_SETTINGS,
  parseCardinalIni,
  runCardinal,
  toCardinalJson,
} from '../../src/domain/cardinal/index.ts';
import { readGolden } from './support.ts';

/**
 * Releases are untrusted input. These are deliberately not valid OCDS (the validator says so): the indicators must
 * neither crash nor flag on fields they cannot read.
 */
const ALL = Object.keys(DEFAULT_CARDINAL_SETTINGS.indicators)
  .map((code) => `[${code}]`)
  .join('\n');
const BASE = { id: '1', date: '2025-03-01T10:00:00+05:00', tag: ['compiled'], initiationType: 'tender' };
const MALFORMED: Array<[string, Record<string, unknown>, string]> = [
  [
    'a date without a time (R003)',
    { ocid: 'm1', tender: { id: '1', tenderPeriod: { startDate: '2025-02-01', endDate: '2025-02-02' } } },
    '[R003]',
  ],
  [
    'a date without an offset (R003)',
    {
      ocid: 'm2',
      tender: { id: '1', tenderPeriod: { startDate: '2025-02-01T09:00:00', endDate: '2025-02-02T09:00:00' } },
    },
    '[R003]',
  ],
  [
    'numberOfTenderers as text (R018)',
    { ocid: 'm3', tender: { id: '1', procurementMethod: 'open', numberOfTenderers: '1' } },
    '[R018]',
  ],
  [
    'amounts as text (R028, R036)',
    {
      ocid: 'm4',
      bids: {
        details: [
          {
            id: '1',
            status: 'disqualified',
            tenderers: [{ id: 'A' }],
            value: { amount: '1', currency: 'KZT' },
          },
          { id: '2', status: 'valid', tenderers: [{ id: 'B' }], value: { amount: '1', currency: 'KZT' } },
        ],
      },
      awards: [{ id: '1', status: 'active', suppliers: [{ id: 'B' }] }],
    },
    '[R028]\n[R036]',
  ],
  [
    "a status outside the codelist ('qualified' is not 'valid') (R035)",
    {
      ocid: 'm5',
      bids: {
        details: [
          { id: '1', status: 'disqualified', tenderers: [{ id: 'D' }] },
          { id: '2', status: 'qualified', tenderers: [{ id: 'V' }] },
        ],
      },
      awards: [{ id: '1', status: 'active', suppliers: [{ id: 'V' }] }],
    },
    '[R035]',
  ],
  [
    'a late bid dated in another format (R030)',
    {
      ocid: 'm6',
      tender: { id: '1', tenderPeriod: { endDate: '2025-02-20T18:00:00+05:00' } },
      bids: { details: [{ id: '1', status: 'valid', date: '21.02.2025', tenderers: [{ id: 'W' }] }] },
      awards: [{ id: '1', status: 'active', suppliers: [{ id: 'W' }] }],
    },
    '[R030]',
  ],
  ['bids.details not an array', { ocid: 'm7', bids: { details: { id: '1' } }, awards: {} }, ALL],
];

test('malformed releases are rejected by the validator and flag nothing', () => {
  for (const [what, patch, ini] of MALFORMED) {
    const release = { ...BASE, ...patch };
    assert.ok(checkRelease(release).errors.length > 0, `${what}: the validator should reject it`);
    const result = runCardinal([release], parseCardinalIni(ini).settings);
    assert.deepEqual(result.flags, [], what);
    assert.ok(result.indicators.length > 0 && result.outcomes.size + result.excluded.noOcid > 0, what);
  }
});

test('a release without a string ocid is counted and left out', () => {
  const result = runCardinal(
    [{ ...BASE, ocid: 7 }, null, 'text', [], { ...BASE, ocid: 'ok' }],
    DEFAULT_CARDINAL_SETTINGS,
  );
  assert.equal(result.excluded.noOcid, 4);
  assert.deepEqual([...result.outcomes.keys()], ['ok']);
});

test('any JSON at all: the indicators never throw and always give Cardinal-shaped output', () => {
  const golden = readGolden('golden/r024.yaml')[0]!.releases;
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.jsonValue(), fc.constantFrom(...golden)), { maxLength: 12 }),
      (input) => {
        const json = toCardinalJson(runCardinal(input, DEFAULT_CARDINAL_SETTINGS), { map: true });
        for (const [group, byId] of Object.entries(json)) {
          if (group === 'Meta' || group === 'Maps') continue;
          for (const values of Object.values(byId as object)) {
            for (const v of Object.values(values as object))
              assert.ok(typeof v === 'number' && Number.isFinite(v));
          }
        }
      },
    ),
    { numRuns: 200 },
  );
});

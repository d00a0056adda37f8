import { test } from 'node:test';
import assert from 'node:assert/strict';
import { releaseSchemaWithBids } from '@zakupai/testing/ocds';
import { CARDINAL_INDICATORS, INDICATOR_INFO, toCardinalJson } from '../../src/domain/cardinal/index.ts';
import { readGolden, readJsonl, run } from './support.ts';

const NBSP = '\u00a0';

function goldenCase(file: string, index: number) {
  const c = readGolden(`golden/${file}`)[index]!;
  return { ...c, ...run(c.settings, c.releases) };
}

test('a flag states what was seen and the fence it crossed, in ru, kk and en, with numbers in each locale', () => {
  const { result } = goldenCase('r024.yaml', 0);
  const flag = result.flags.find((f) => f.group === 'OCID')!;
  assert.equal(flag.id, 'ocds-zkp001-p114');
  assert.deepEqual(flag.evidence, {
    winner: 'W114',
    winningBid: '1000000 KZT',
    secondLowestBidder: 'L114',
    secondLowestBid: '1140000 KZT',
    difference: '0.14',
  });
  assert.deepEqual(flag.threshold, {
    lowerFence: '0.14',
    source: 'Q1 − 1.5·IQR of the differences',
    q1: '0.2',
    q3: '0.24',
  });
  assert.equal(
    flag.explanation.en,
    'The second-lowest valid bid (1,140,000 KZT, L114) is only 14% above the winning bid (1,000,000 KZT, W114): a difference of 0.14, at or below the lower fence 0.14.',
  );
  assert.ok(
    flag.explanation.ru.includes(`1${NBSP}140${NBSP}000 KZT`) && flag.explanation.ru.includes(`14${NBSP}%`),
  );
  assert.ok(flag.explanation.ru.includes('разница 0,14 не выше нижней границы 0,14'));
  assert.ok(
    flag.explanation.kk.includes('айырма 0,14') && flag.explanation.kk.includes(`1${NBSP}000${NBSP}000 KZT`),
  );
  const tenderers = result.flags.filter((f) => f.group === 'Tenderer').map((f) => [f.id, f.evidence.roles]);
  assert.deepEqual(tenderers, [
    ['W114', ['ocds-zkp001-p114: winner']],
    ['L114', ['ocds-zkp001-p114: second-lowest bidder']],
  ]);
});

test('dates are shown as Kazakhstan reads them: ДД.ММ.ГГГГ in ru and kk, with the offset written', () => {
  const { result } = goldenCase('r003.yaml', 0);
  const flag = result.flags.find((f) => f.id === 'ocds-zkp001-short')!;
  assert.equal(
    flag.explanation.ru,
    'Срок подачи заявок 01.02.2025 09:00 (+05:00) – 16.02.2025 08:59 (+05:00) составил 14 полных дн.: меньше порога в 15 дн.',
  );
  assert.ok(
    flag.explanation.en.startsWith(
      'The submission period, 2025-02-01 09:00 (+05:00) – 2025-02-16 08:59 (+05:00), lasted 14 whole days',
    ),
  );
  assert.deepEqual(flag.threshold, { minimumWholeDays: 15, source: 'R003.threshold' });
});

test('every flag of every golden case explains itself in three different languages', () => {
  for (const file of [
    'r003',
    'r018',
    'r024',
    'r025',
    'r028',
    'r030',
    'r035',
    'r036',
    'r038',
    'r048',
    'r058',
  ]) {
    for (const c of readGolden(`golden/${file}.yaml`)) {
      for (const flag of run(c.settings, c.releases).result.flags) {
        const { ru, kk, en } = flag.explanation;
        const where = `${file} ${c.name} ${flag.indicator} ${flag.group} ${flag.id}`;
        assert.ok(new Set([ru, kk, en]).size === 3, where);
        assert.match(ru, /[а-яё]/i, where);
        assert.match(kk, /[әғқңөұүһі]|[а-я]/i, where);
        assert.ok(Object.keys(flag.evidence).length > 0 && flag.ocids.length > 0, where);
      }
    }
  }
});

test('each process gets one outcome per process indicator: flagged, clear or not applicable, with the reason', () => {
  const { result } = goldenCase('r024.yaml', 2);
  const by = (ocid: string) => result.outcomes.get(ocid)!.map((o) => [o.indicator, o.status, o.reason]);
  assert.deepEqual(by('ocds-zkp001-at'), [['R024', 'flagged', 'difference 0.05 ≤ lower fence 0.05']]);
  assert.deepEqual(by('ocds-zkp001-above'), [
    ['R024', 'clear', 'difference 0.0501 is above the lower fence'],
  ]);
  assert.deepEqual(by('ocds-zkp001-pending-award'), [
    ['R024', 'not_applicable', 'award a2 is pending, not final'],
  ]);
  assert.deepEqual(by('ocds-zkp001-two-awards'), [
    ['R024', 'not_applicable', '2 active awards; the comparison needs exactly one'],
  ]);
  assert.deepEqual(by('ocds-zkp001-usd'), [
    ['R024', 'not_applicable', 'valid bid b2 is in USD, not the main currency KZT'],
  ]);
  assert.deepEqual(by('ocds-zkp001-single-source'), [
    [
      'R024',
      'not_applicable',
      'prices are not compared for procurement method details "Из одного источника"',
    ],
  ]);
  assert.equal(result.outcomes.get('ocds-zkp001-cancelled'), undefined, 'left out before any indicator');
  assert.deepEqual(result.excluded, {
    noOcid: 0,
    cancelled: ['ocds-zkp001-cancelled'],
    excludedByMethodDetails: ['ocds-zkp001-test-procedure'],
  });
});

test("Cardinal's JSON: groups with results only, Meta unless --no-meta, Maps with --map", () => {
  const { result } = goldenCase('r038.yaml', 2);
  const json = toCardinalJson(result, { map: true });
  assert.deepEqual(Object.keys(json), ['Buyer', 'ProcuringEntity', 'Tenderer', 'Meta', 'Maps']);
  assert.deepEqual(json.Maps, {
    ocid_buyer_r038: { 'ocds-zkp001-p1': 'BA', 'ocds-zkp001-p2': 'BA' },
    ocid_procuringentity_r038: { 'ocds-zkp001-p1': 'PA', 'ocds-zkp001-p2': 'PB' },
    ocid_tenderer: {
      'ocds-zkp001-p1': ['T1', 'T2', 'T3'],
      'ocds-zkp001-p2': ['T1', 'T2', 'T3'],
      'ocds-zkp001-p3': ['T3'],
    },
    ocid_tenderer_r024: {},
    ocid_tenderer_r028: {},
    ocid_tenderer_r030: {},
    ocid_tenderer_r035: {},
    ocid_tenderer_r058: {},
  });
  assert.equal(toCardinalJson(result, { meta: false }).Meta, undefined);
  const r024 = goldenCase('r024.yaml', 0).result;
  assert.deepEqual(toCardinalJson(r024, { map: true }).Maps?.ocid_tenderer_r024, {
    'ocds-zkp001-p114': ['L114', 'W114'],
  });
  assert.deepEqual(
    toCardinalJson(r024, { map: true }).Maps?.ocid_tenderer,
    {},
    'only with R025, R038 or R048',
  );
  const tenderer = goldenCase('r028.yaml', 0).json.Tenderer!;
  assert.deepEqual(tenderer.C1, { R028: 1 });
});

test('results of several indicators for one tenderer sit together under its id', () => {
  const releases = readJsonl('upstream/tests-R024.jsonl');
  const harness =
    'no_price_comparison_procurement_methods = NPC\n[exclusions]\nprocurement_method_details = EXC\n';
  const { json } = run(`${harness}[R024]\n[R028]\n`, releases);
  // Process F: W and L both bid 1 USD, W won: difference 0 ≤ the fence (R024) and an identical price (R028).
  assert.deepEqual(json.Tenderer?.W, { R024: 0, R028: 1 });
  assert.deepEqual(json.Tenderer?.L, { R024: 0, R028: 1 });
  assert.deepEqual(json.OCID?.F, { R024: 0, R028: 1 });
  // R058 over the golden R024 data: fence 0.24 + 1.5·0.04 = 0.30, reached by p130's 0.30.
  const c = readGolden('golden/r024.yaml')[0]!;
  const both = run('[R024]\n[R058]\n', c.releases).json;
  assert.deepEqual(both.OCID, { 'ocds-zkp001-p114': { R024: 0.14 }, 'ocds-zkp001-p130': { R058: 0.3 } });
  assert.deepEqual(both.Meta?.R058, { q1: 0.2, q3: 0.24, upper_fence: 0.3 });
});

test('the catalogue: a title and a basis in three languages, and OCDS fields that exist in the schema', () => {
  const schema = releaseSchemaWithBids();
  assert.deepEqual(Object.keys(INDICATOR_INFO), [...CARDINAL_INDICATORS]);
  for (const [code, info] of Object.entries(INDICATOR_INFO)) {
    for (const text of [info.title, info.basis])
      assert.ok(text.ru && text.kk && text.en && text.ru !== text.en, code);
    assert.match(info.basis.en, new RegExp(`Cardinal ${code} .*docs/cli/indicators/R/${code.slice(1)}\\.md`));
    for (const path of info.reads)
      assert.ok(resolves(schema, path), `${code} reads ${path}, which the OCDS schema lacks`);
  }
});

/** Whether a path like /bids/details[]/value/amount exists in the merged release schema. */
function resolves(schema: Record<string, unknown>, path: string): boolean {
  const definitions = schema.definitions as Record<string, Record<string, unknown>>;
  let node: Record<string, unknown> | undefined = schema;
  const deref = (n: Record<string, unknown> | undefined) => {
    while (n && typeof n.$ref === 'string') n = definitions[(n.$ref as string).replace('#/definitions/', '')];
    return n;
  };
  for (const part of path.slice(1).split('/')) {
    const array = part.endsWith('[]');
    node = deref(node);
    node = deref(
      (node?.properties as Record<string, Record<string, unknown>> | undefined)?.[part.replace('[]', '')],
    );
    if (array) node = deref(node?.items as Record<string, unknown> | undefined);
    if (!node) return false;
  }
  return true;
}

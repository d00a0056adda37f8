import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readJsonl, results, run } from './support.ts';

/**
 * Cardinal's own fixtures and expected outputs, ported (open-contracting/cardinal-rs, fixtures/upstream/README.md
 * says which file and commit each comes from, and what was added to make each line valid OCDS). The tests' settings
 * are those of cardinal-rs build.rs: the indicator's section from the file name, plus
 * `no_price_comparison_procurement_methods = NPC` and `[exclusions] procurement_method_details = EXC`.
 */
const HARNESS =
  'no_price_comparison_procurement_methods = NPC\n[exclusions]\nprocurement_method_details = EXC\n';

interface Port {
  file: string;
  settings: string;
  expected: object;
}

const TESTS: Port[] = [
  // 14d 23:59:59 → 14 whole days < 15, in every method (no procurement_methods); "exact" is 15 days, not < 15.
  {
    file: 'tests-R003.jsonl',
    settings: '[R003]',
    expected: {
      OCID: {
        open: { R003: 1 },
        selective: { R003: 1 },
        limited: { R003: 1 },
        direct: { R003: 1 },
        missing: { R003: 1 },
      },
    },
  },
  // "10": 9d 23:59:59 → 9 < 10; "11": 10d 23:59:59 → 10, not < 10.
  {
    file: 'tests-R003-threshold-10.jsonl',
    settings: '[R003]\nthreshold = 10',
    expected: { OCID: { '10': { R003: 1 } } },
  },
  // x: 4 < 5, x exact: 5; y: 9 < 10, y exact: 10; z and none use 15: 14 < 15, 15.
  {
    file: 'tests-R003-procurement_method_details-x-5-y-10.jsonl',
    settings: '[R003.procurement_method_details]\nx = 5\ny = 10',
    expected: { OCID: { x: { R003: 1 }, y: { R003: 1 }, default: { R003: 1 }, missing: { R003: 1 } } },
  },
  // Only open and selective are counted; a process without a method does not match a non-empty list.
  {
    file: 'tests-R003-procurement_methods-open+selective.jsonl',
    settings: '[R003]\nprocurement_methods = open|selective',
    expected: { OCID: { open: { R003: 1 }, selective: { R003: 1 } } },
  },
  // numberOfTenderers = 1 in open or selective only; 2 and -1 are not 1.
  {
    file: 'tests-R018.jsonl',
    settings: '[R018]',
    expected: { OCID: { open: { R018: 1 }, selective: { R018: 1 } } },
  },
  // Differences: F (1−1)/1 = 0; "1"…"6" and accept (101−1)/1 = 100; repeat tenderers: W's lowest bid 1, L 1 → 0.
  // Everything else is excluded (pending award, W's bid not valid, W not lowest, two awards, a consortium bid, two
  // suppliers, cancelled, NPC, EXC). Sorted [0, 0, 100 × 7], n = 9: Q1: h = (9⅓)·¼ + ⅓ = 2⅔ → 0 + ⅔·(100 − 0)
  // = 66.6667; Q3: h = 7⅓ → 100; fence 66.6667 − 1.5·33.3333 = 16.6667; 0 ≤ 16.6667 for F and repeat tenderers.
  {
    file: 'tests-R024.jsonl',
    settings: '[R024]',
    expected: {
      OCID: { F: { R024: 0 }, 'repeat tenderers': { R024: 0 } },
      Tenderer: { W: { R024: 0 }, L: { R024: 0 } },
    },
  },
  // F: valid in 0…8 and F (10 processes), won 4 and F → 0.2; N 0/1; 0…3, 5…8: 1/1. Counts [1 × 9, 10]: P75, h = 8.0833
  // → 1, so all are top tenderers. Ratios [0, 0.2, 1 × 8]: Q1: h = 2.9167 → 0.2 + 0.9167·0.8 = 0.9333; Q3 = 1;
  // fence 0.9333 − 0.1 = 0.8333: N 0 and F 0.2 are at or below it.
  {
    file: 'tests-R025.jsonl',
    settings: '[R025]',
    expected: { Tenderer: { N: { R025: 0 }, F: { R025: 0.2 } } },
  },
  // V and D bid 1 USD: flagged. Missing tenderers, the same tenderer, the same set shuffled, 1.0 vs 1.1, USD vs CAD:
  // not; cancelled, NPC, EXC: excluded.
  {
    file: 'tests-R028.jsonl',
    settings: '[R028]',
    expected: { OCID: { F: { R028: 1 } }, Tenderer: { V: { R028: 1 }, D: { R028: 1 } } },
  },
  // W's valid bid 2000-04-01 > deadline 2000-03-15, W supplies the active award. A loser's late bid, a pending award:
  // not; cancelled: excluded.
  {
    file: 'tests-R030.jsonl',
    settings: '[R030]',
    expected: { OCID: { F: { R030: 1 } }, Tenderer: { W: { R030: 1 } } },
  },
  // F1: D disqualified, V valid and awarded → 1; F2: D, E → 2; repeat: D twice counts once → 1; accept: invited,
  // pending and withdrawn bids and cancelled/unsuccessful awards are ignored → 1. Others: pending award, no valid
  // tenderer, two valid, award to S, awards to V and S, nobody disqualified, cancelled.
  {
    file: 'tests-R035.jsonl',
    settings: '[R035]',
    expected: {
      OCID: { F1: { R035: 1 }, F2: { R035: 2 }, repeat: { R035: 1 }, accept: { R035: 1 } },
      Tenderer: { V: { R035: 0 } },
    },
  },
  // The lowest submitted bid is disqualified: F (1 < 2); invited/withdrawn (1 is not submitted; 10 < 20); equal (the
  // first of the tied bids is the disqualified one). Not: the pending bid is lowest; the valid one is lowest; pending
  // award; no valid amount; cancelled; NPC; EXC.
  {
    file: 'tests-R036.jsonl',
    settings: '[R036]',
    expected: { OCID: { F: { R036: 1 }, invited: { R036: 1 }, withdrawn: { R036: 1 }, equal: { R036: 1 } } },
  },
  // B and P: 1 of 2 bids disqualified = 0.5 (2 submitted bids ≥ the minimum of 2). Buyers/entities 1…4 have 1 bid
  // (< 2), tenderers all have 1 bid (< 2): left out. One ratio → Q1 = Q3 = 0.5 → fence 0.5, and 0.5 ≥ 0.5.
  {
    file: 'tests-R038.jsonl',
    settings: '[R038]',
    expected: { Buyer: { B: { R038: 0.5 } }, ProcuringEntity: { P: { R038: 0.5 } } },
  },
  // Varieties (first 2 digits): F {10, 11} = 2; 1…4: {10} = 1; pending/cancelled/unsuccessful awards and a two-supplier
  // award do not count; cancelled tender excluded. Sorted [1, 1, 1, 1, 2]: Q1: h = 1⅔ → 1; Q3: h = 4⅓ → 1 + ⅓·1 =
  // 1.3333; fence 1.3333 + 0.5 = 1.8333; F 2 ≥ it. (Cardinal's stored expected output is for minimum 1, as in
  // docs/examples/R/048.ini; the default 20 flags nothing, asserted below.)
  {
    file: 'tests-R048.jsonl',
    settings: '[R048]\nminimum_contracting_processes = 1',
    expected: { Tenderer: { F: { R048: 2 } } },
  },
  // Differences: F (101 − 1)/1 = 100; 1, 2, 3, accept: 0; the rest excluded as for R024. Sorted [0 × 4, 100]: Q1 = 0;
  // Q3: h = 4⅓ → 0 + ⅓·100 = 33.3333; fence 33.3333 + 50 = 83.3333; F 100 ≥ it; W (the winner) gets 0.
  {
    file: 'tests-R058.jsonl',
    settings: '[R058]',
    expected: { OCID: { F: { R058: 100 } }, Tenderer: { W: { R058: 0 } } },
  },
];

/** docs/examples/settings.ini: every indicator enabled with its defaults. */
const ALL =
  '[R003]\n[R018]\n[R024]\n[R025]\n[R028]\n[R030]\n[R035]\n[R036]\n[R038]\n[R044]\n[R048]\n[R058]\n';

// The demonstrations on Cardinal's indicator pages: input docs/examples/R/NNN.jsonl, the settings file named in the
// page's command, and the output the page prints (Cardinal tests these pages with trycmd).
const DOCS: Port[] = [
  // 2020-08-03 18:00 → 2020-08-04 18:00 (−05:00) is 1 day < 15.
  { file: 'docs-R003.jsonl', settings: ALL, expected: { OCID: { F: { R003: 1 } } } },
  { file: 'docs-R018.jsonl', settings: ALL, expected: { OCID: { F: { R018: 1 } } } },
  // F (2 − 1)/1 = 1; 1…4: 99. Sorted [1, 99 × 4]: Q1: h = 1⅔ → 1 + ⅔·98 = 66.3333; Q3 = 99; fence 66.3333 − 49 = 17.3333.
  {
    file: 'docs-R024.jsonl',
    settings: '[R024]',
    expected: { OCID: { F: { R024: 1 } }, Tenderer: { W: { R024: 0 }, L: { R024: 0 } } },
  },
  // F: valid in 0…5, won 0 → 1/6; 1…5: 1/1. Counts [1 × 5, 6]: P75, h = 5.0833 → 1 + 0.0833·5 = 1.4167 ≤ 6.
  // Ratios [1/6, 1 × 5]: Q1: h = 1.9167 → 1/6 + 0.9167·5/6 = 0.9306; Q3 = 1; fence 0.9306 − 0.1042 = 0.8264 ≥ 1/6.
  {
    file: 'docs-R025.jsonl',
    settings: '[R025]',
    expected: { Tenderer: { F: { R025: 0.16666666666666666 } } },
  },
  {
    file: 'docs-R028.jsonl',
    settings: ALL,
    expected: { OCID: { F: { R028: 1 } }, Tenderer: { D: { R028: 1 }, V: { R028: 1 } } },
  },
  {
    file: 'docs-R030.jsonl',
    settings: '[R030]',
    expected: { OCID: { F: { R030: 1 } }, Tenderer: { W: { R030: 1 } } },
  },
  {
    file: 'docs-R035.jsonl',
    settings: '[R035]',
    expected: { OCID: { F: { R035: 1 } }, Tenderer: { V: { R035: 0 } } },
  },
  { file: 'docs-R036.jsonl', settings: ALL, expected: { OCID: { F: { R036: 1 } } } },
  // B: 1 of 2 bids disqualified; the other buyers and all tenderers have 1 bid, under the minimum of 2.
  { file: 'docs-R038.jsonl', settings: ALL, expected: { Buyer: { B: { R038: 0.5 } } } },
  {
    file: 'docs-R048.jsonl',
    settings: '[R048]\nminimum_contracting_processes = 1',
    expected: { Tenderer: { F: { R048: 2 } } },
  },
  // F (100 − 1)/1 = 99; 1…4: 1. Sorted [1 × 4, 99]: Q1 = 1; Q3: h = 4⅓ → 1 + ⅓·98 = 33.6667; fence 33.6667 + 49 = 82.6667.
  {
    file: 'docs-R058.jsonl',
    settings: ALL,
    expected: { OCID: { F: { R058: 99 } }, Tenderer: { W: { R058: 0 } } },
  },
];

for (const port of TESTS) {
  test(`cardinal-rs tests/fixtures/indicators: ${port.file}`, () => {
    const { json } = run(`${HARNESS}${port.settings}\n`, readJsonl(`upstream/${port.file}`));
    assert.deepEqual(results(json), port.expected);
  });
}

for (const port of DOCS) {
  test(`cardinal-rs docs demonstration: ${port.file}`, () => {
    const { json } = run(port.settings, readJsonl(`upstream/${port.file}`));
    assert.deepEqual(results(json), port.expected);
  });
}

test("Cardinal's documented Meta example is the R024 fixture's: q1 66.6667, q3 100, lower fence 16.6667", () => {
  const { json } = run(`${HARNESS}[R024]\n`, readJsonl('upstream/tests-R024.jsonl'));
  assert.deepEqual(json.Meta, { R024: { q1: 66.6667, q3: 100, lower_fence: 16.6667 } });
});

test('R048 with its default minimum of 20 contracting processes flags nothing in the same fixture', () => {
  const { json } = run(`${HARNESS}[R048]\n`, readJsonl('upstream/tests-R048.jsonl'));
  assert.deepEqual(results(json), {});
  // No supplier has 20 processes: no varieties, so Cardinal's quartiles and fence are NaN (null here).
  assert.deepEqual(json.Meta, { R048: { q1: null, q3: null, upper_fence: null } });
});

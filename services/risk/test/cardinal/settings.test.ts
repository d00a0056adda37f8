import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { ZakError } from '@zakupai/errors';
import {
  CARDINAL_DEFAULTS,
  cardinalSettingsFrom,
  DEFAULT_CARDINAL_SETTINGS,
  parseCardinalIni,
  runCardinal,
  type CardinalSettings,
} from '../../src/domain/cardinal/index.ts';

/** A settings file in the layout `cardinal init` writes, with every indicators property set. */
const FULL = `; ZakupAI's Cardinal settings
currency = KZT
no_price_comparison_procurement_methods = Из одного источника|Закупка по фиксированной цене
; price_comparison_procurement_methods = Аукцион

; \`prepare\` command sections are accepted and ignored
[defaults]
currency = KZT
[codelists.bid_status]
qualified = valid

[exclusions]
procurement_method_details = Тестовая закупка

[R003]
threshold = 15 # default
procurement_methods = open|selective|limited

[R003.procurement_method_details]
Запрос ценовых предложений = 2
Открытый конкурс = 5

[R018]
procurement_methods = open|selective

[R024]
threshold = 0.05

[R025]
percentile = 80
threshold: 0.1

[R028]
[R030]
[R035]
threshold = 2
[R036]

[R038]
threshold = 0.5
minimum_submitted_bids = 3
minimum_contracting_processes = 4

[R044]

[R048]
digits = 3
threshold = 10
minimum_contracting_processes = 20

[R058]
threshold = "0.50"
`;

function fence(f: { n: bigint; d: bigint; s: bigint } | undefined): string | undefined {
  return f === undefined ? undefined : `${f.s * f.n}/${f.d}`;
}

test("a full settings file: every property, in Cardinal's names", () => {
  const { settings, ignored } = parseCardinalIni(FULL);
  assert.deepEqual(ignored, ['defaults', 'codelists', 'R044']);
  assert.equal(settings.currency, 'KZT');
  assert.deepEqual(
    [...settings.noPriceComparisonProcurementMethods],
    ['Из одного источника', 'Закупка по фиксированной цене'],
  );
  assert.deepEqual([...settings.priceComparisonProcurementMethods], []);
  assert.deepEqual([...settings.excludedProcurementMethodDetails], ['Тестовая закупка']);
  const i = settings.indicators;
  assert.equal(i.R003?.threshold, 15);
  assert.deepEqual([...i.R003!.procurementMethods], ['open', 'selective', 'limited']);
  assert.deepEqual(
    [...i.R003!.procurementMethodDetails],
    [
      ['Запрос ценовых предложений', 2],
      ['Открытый конкурс', 5],
    ],
  );
  assert.deepEqual([...i.R018!.procurementMethods], ['open', 'selective']);
  assert.equal(fence(i.R024?.threshold), '1/20');
  assert.equal(i.R025?.percentile, 80);
  assert.equal(fence(i.R025?.threshold), '1/10');
  assert.deepEqual([i.R028, i.R030, i.R036], [{}, {}, {}]);
  assert.equal(i.R035?.threshold, 2);
  assert.equal(fence(i.R038?.threshold), '1/2');
  assert.equal(i.R038?.minimumSubmittedBids, 3);
  assert.equal(i.R038?.minimumContractingProcesses, 4);
  assert.deepEqual({ ...i.R048 }, { digits: 3, threshold: 10, minimumContractingProcesses: 20 });
  assert.equal(fence(i.R058?.threshold), '1/2');
});

test('only the indicators with a section run; an empty section takes the defaults', () => {
  const { settings } = parseCardinalIni('[R035]\n\n[R048]\n');
  assert.deepEqual(Object.keys(settings.indicators), ['R035', 'R048']);
  assert.deepEqual(settings.indicators.R035, CARDINAL_DEFAULTS.R035);
  assert.deepEqual(settings.indicators.R048, CARDINAL_DEFAULTS.R048);
  assert.deepEqual(runCardinal([], settings).indicators, ['R035', 'R048']);
  // A table section alone enables its indicator, as Cardinal's nested settings do.
  const table = parseCardinalIni('[R003.procurement_method_details]\nx = 5\n').settings.indicators.R003;
  assert.deepEqual(
    { threshold: table?.threshold, x: table?.procurementMethodDetails.get('x') },
    { threshold: 15, x: 5 },
  );
});

test("the defaults are Cardinal's", () => {
  const d = DEFAULT_CARDINAL_SETTINGS.indicators;
  assert.equal(d.R003?.threshold, 15);
  assert.equal(
    d.R003?.procurementMethods.size,
    0,
    'R003 counts every method unless procurement_methods is set',
  );
  assert.deepEqual([...d.R018!.procurementMethods], ['open', 'selective']);
  assert.equal(d.R024?.threshold, undefined, 'fence from the data');
  assert.deepEqual({ ...d.R025 }, { percentile: 75 });
  assert.equal(d.R035?.threshold, 1);
  assert.deepEqual({ ...d.R038 }, { minimumSubmittedBids: 2, minimumContractingProcesses: 2 });
  assert.deepEqual({ ...d.R048 }, { digits: 2, minimumContractingProcesses: 20 });
  assert.equal(d.R058?.threshold, undefined);
  assert.equal(Object.keys(d).length, 11);
});

test('INI details: CRLF, "#" and ";" comments, quoted values, a trailing pipe, threshold 0 for R035', () => {
  const { settings } = parseCardinalIni(
    '# comment\r\n[R018]\r\nprocurement_methods = "open|a#b" ; quoted keeps the #\r\n[R003]\r\nprocurement_methods = open|\r\n[R035]\r\nthreshold = 0\r\n',
  );
  assert.deepEqual([...settings.indicators.R018!.procurementMethods], ['open', 'a#b']);
  assert.deepEqual([...settings.indicators.R003!.procurementMethods], ['open']);
  assert.equal(settings.indicators.R035?.threshold, 1, "Cardinal's max(threshold, 1)");
});

function refused(text: string, message: string): void {
  assert.throws(
    () => parseCardinalIni(text),
    (e: unknown) =>
      e instanceof ZakError &&
      e.code === 'ZAK_CONFIG_CARDINAL' &&
      e.kind === 'config' &&
      e.message === message,
    message,
  );
}

test('a bad settings file is refused naming the line and the property', () => {
  refused('curency = KZT\n', 'settings.ini:1: curency is not a Cardinal setting');
  refused('[R024]\n; note\nthershold = 0.05\n', 'settings.ini:3: R024.thershold is not a property of [R024]');
  refused('[R099]\n', 'settings.ini:1: R099 is not a Cardinal setting');
  refused(
    '[R003]\nthreshold = 15 days\n',
    'settings.ini:2: R003.threshold must be a whole number, not "15 days"',
  );
  refused('[R003]\nthreshold = -1\n', 'settings.ini:2: R003.threshold must be a whole number, not "-1"');
  refused('[R024]\nthreshold = 5%\n', 'settings.ini:2: R024.threshold must be a decimal number, not "5%"');
  refused('[R025]\npercentile = 101\n', 'settings.ini:2: R025.percentile must be a percentage from 0 to 100');
  refused('[R048]\ndigits = 0\n', 'settings.ini:2: R048.digits must be at least 1');
  refused(
    '[R038]\nthreshold = 0.5\nthreshold = 0.6\n',
    'settings.ini:3: R038.threshold is set twice (first on line 2)',
  );
  refused(
    '[R024]\njust words\n',
    'settings.ini:2: "just words" is neither a [section] nor a name = value property',
  );
  refused(
    '[R003.procurement_method_details]\nx = soon\n',
    'settings.ini:2: R003.procurement_method_details.x must be a whole number, not "soon"',
  );
  refused(
    '[exclusions]\nprocurement_methods = x\n',
    'settings.ini:2: exclusions.procurement_methods is not a property of [exclusions]',
  );
  refused('[]\n', 'settings.ini:1: "[]" is not a section name');
});

test('the same settings from YAML (our config files): numbers, lists or pipe text', () => {
  const yaml = parse(`
currency: KZT
no_price_comparison_procurement_methods: [Из одного источника, Закупка по фиксированной цене]
exclusions: { procurement_method_details: Тестовая закупка }
R003:
  threshold: 15
  procurement_methods: open|selective|limited
  procurement_method_details: { Запрос ценовых предложений: 2, Открытый конкурс: 5 }
R018: { procurement_methods: [open, selective] }
R024: { threshold: 0.05 }
R025: { percentile: 80, threshold: 0.1 }
R028:
R030:
R035: { threshold: 2 }
R036: {}
R038: { threshold: 0.5, minimum_submitted_bids: 3, minimum_contracting_processes: 4 }
R048: { digits: 3, threshold: 10, minimum_contracting_processes: 20 }
R058: { threshold: 0.5 }
`);
  const fromYaml = cardinalSettingsFrom(yaml, () => 'cardinal.yaml').settings;
  const fromIni = parseCardinalIni(FULL).settings;
  assert.deepEqual(normalize(fromYaml), normalize(fromIni));
  assert.throws(
    () => cardinalSettingsFrom({ R024: { threshold: 'low' } }, () => 'cardinal.yaml'),
    (e: Error) => e.message === 'cardinal.yaml: R024.threshold must be a decimal number, not "low"',
  );
});

function normalize(s: CardinalSettings): unknown {
  return JSON.parse(
    JSON.stringify(s, (_k, v: unknown) => {
      if (v instanceof Set) return [...v];
      if (v instanceof Map) return [...v];
      if (typeof v === 'bigint') return v.toString();
      return v;
    }),
  );
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZakError } from '@zakupai/errors';
import { parseRules } from '../src/domain/parse-rules.ts';
import { EXPLANATION_PARAMS } from '../src/domain/explanations.ts';
import { RULE_IDS } from '../src/domain/outcome.ts';
import { rulesText } from './support.ts';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function assertConfigError(text: string, line: number, pattern: RegExp) {
  assert.throws(
    () => parseRules(text),
    (e: unknown) => {
      assert.ok(e instanceof ZakError);
      assert.equal(e.kind, 'config');
      assert.equal(e.code, 'ZAK_CONFIG_RULES');
      assert.match(e.message, new RegExp(`^rules\\.yaml:${line}:\\d+: `));
      assert.match(e.message, pattern);
      assert.equal(e.details?.line, line);
      return true;
    },
  );
}

test('the shipped rules file is valid, versioned, and has a basis and flag explanations in ru, kk and en', () => {
  const cfg = parseRules(rulesText);
  assert.match(cfg.version, /^\d{4}\.\d+\.\d+$/);
  assert.equal(cfg.lawInForceFrom, '2025-01-01');
  assert.ok(cfg.levels.medium < cfg.levels.high);
  for (const id of RULE_IDS) {
    assert.match(cfg.rules[id].basis.ru, /[а-яА-Я]/, `${id} ru`);
    // Kazakh has letters Russian lacks (ә, ғ, қ, ң, ө, ұ, ү, һ, і): a kk text that is Russian would fail.
    assert.match(cfg.rules[id].basis.kk, /[әғқңөұүһі]/i, `${id} kk`);
    assert.match(cfg.rules[id].basis.en, /[a-z]/, `${id} en`);
    const keys = Object.keys(EXPLANATION_PARAMS[id]);
    assert.deepEqual(Object.keys(cfg.rules[id].explanations).sort(), [...keys].sort(), `${id} explanations`);
    for (const key of keys) {
      const t = cfg.rules[id].explanations[key]!;
      assert.match(t.kk, /[әғқңөұүһі]/i, `${id}.${key} kk`);
      assert.match(t.ru, /[а-яА-Я]/, `${id}.${key} ru`);
    }
  }
  const total = RULE_IDS.reduce((s, id) => s + cfg.rules[id].weight, 0);
  assert.ok(total > 100, 'the weights must be able to reach 100');
});

test('an out-of-range weight names its line and path', () => {
  const bad = rulesText.replace('  anti_dumping:\n    weight: 40', '  anti_dumping:\n    weight: 400');
  assertConfigError(
    bad,
    lineOf(bad, 'weight: 400'),
    /rules\.anti_dumping\.weight must be an integer from 0 to 100/,
  );
});

test('an unknown key, a missing rule, and a wrong type are refused with their lines', () => {
  const unknown = rulesText.replace('    factor: 1.2', '    factr: 1.2');
  assertConfigError(unknown, lineOf(unknown, 'factr'), /rules\.price_above_market\.factr is not a known key/);

  const start = rulesText.indexOf('  missing_plan_link:');
  const missing = rulesText.slice(0, start);
  assertConfigError(missing, lineOf(missing, 'rules:'), /rules\.missing_plan_link is required/);

  const typed = rulesText.replace('min_lots: 5', 'min_lots: five');
  assertConfigError(
    typed,
    lineOf(typed, 'min_lots: five'),
    /rules\.repeated_winner\.min_lots must be an integer/,
  );

  const method = rulesText.replace(
    'competitive_methods: [tender, rating_tender, auction, price_quotes]',
    'competitive_methods: [tender, lottery]',
  );
  assertConfigError(method, lineOf(method, 'lottery'), /competitive_methods\.1 must be one of/);
});

test('inconsistent levels and broken YAML are refused with their lines', () => {
  const levels = rulesText.replace('high: 45', 'high: 10');
  assertConfigError(levels, lineOf(levels, 'high: 10'), /levels\.high must be above levels\.medium/);
  const syntax = rulesText.replace("version: '2026.2.0'", "version: '2026.2.0\n  oops: [");
  assert.throws(
    () => parseRules(syntax),
    /^ZakError: rules\.yaml:\d+:\d+: not valid YAML|rules\.yaml:\d+:\d+: not valid YAML/,
  );
});

test('an explanation missing its Kazakh text, or quoting a figure its flag does not fill, is refused with its line', () => {
  const start = rulesText.indexOf('      no_plan_link:');
  const kkAt = rulesText.indexOf('        kk:', start);
  const kkEnd = rulesText.indexOf('        en:', kkAt);
  const noKk = rulesText.slice(0, kkAt) + rulesText.slice(kkEnd);
  assertConfigError(
    noKk,
    lineOf(noKk.slice(start), 'no_plan_link:') + noKk.slice(0, start).split('\n').length - 1,
    /rules\.missing_plan_link\.explanations\.no_plan_link\.kk is required/,
  );
  const typo = rulesText.replace('Поставщик {supplierBin} на {date}', 'Поставщик {supplierBim} на {date}');
  assertConfigError(
    typo,
    lineOf(typo, '{supplierBim}') - 1, // the folded text starts on the `ru: >-` line

    /explanations\.listed\.ru uses \{supplierBim\}, which this flag does not fill/,
  );
  const noDate = rulesText.replace("law_in_force_from: '2025-01-01'", "law_in_force_from: '2025-02-30'");
  assertConfigError(noDate, lineOf(noDate, 'law_in_force_from'), /must be a real date/);
});

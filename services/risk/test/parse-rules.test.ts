import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZakError } from '@zakupai/errors';
import { parseRules } from '../src/domain/parse-rules.ts';
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

test('the shipped rules file is valid, versioned, and has a bilingual basis for every rule', () => {
  const cfg = parseRules(rulesText);
  assert.match(cfg.version, /^\d{4}\.\d+\.\d+$/);
  assert.ok(cfg.levels.medium < cfg.levels.high);
  for (const id of RULE_IDS) {
    assert.match(cfg.rules[id].basis.ru, /[а-яА-Я]/, `${id} ru`);
    assert.match(cfg.rules[id].basis.en, /[a-z]/, `${id} en`);
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
    'competitive_methods: [tender, auction, price_quotes]',
    'competitive_methods: [tender, lottery]',
  );
  assertConfigError(method, lineOf(method, 'lottery'), /competitive_methods\.1 must be one of/);
});

test('inconsistent levels and broken YAML are refused with their lines', () => {
  const levels = rulesText.replace('high: 45', 'high: 10');
  assertConfigError(levels, lineOf(levels, 'high: 10'), /levels\.high must be above levels\.medium/);
  const syntax = rulesText.replace("version: '2026.1.0'", "version: '2026.1.0\n  oops: [");
  assert.throws(
    () => parseRules(syntax),
    /^ZakError: rules\.yaml:\d+:\d+: not valid YAML|rules\.yaml:\d+:\d+: not valid YAML/,
  );
});

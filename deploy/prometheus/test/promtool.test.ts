import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { requireServer } from '@zakupai/testing/require-server';
import {
  ALERT_NAMES,
  RULES_PATH,
  RUNBOOK_BASE,
  fastRuleParams,
  productionRuleParams,
  readRulesTemplate,
  renderRules,
} from '../src/render-rules.ts';

const run = promisify(execFile);
const promDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(promDir, '..', '..');
const promtoolPresent =
  existsSync('/usr/bin/promtool') ||
  process.env.PATH?.split(':').some((d) => existsSync(join(d, 'promtool')));

async function promtool(args: string[], cwd = promDir): Promise<{ stdout: string; stderr: string }> {
  return run('promtool', args, { cwd });
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rules = (): Rule[] =>
  (parse(readFileSync(RULES_PATH, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

describe('prometheus config and rules (promtool)', () => {
  it('promtool check config accepts prometheus.yml and the rule files it references', async (t) => {
    if (!requireServer(t, !!promtoolPresent, 'promtool')) return;
    const { stdout } = await promtool(['check', 'config', 'prometheus.yml']);
    assert.match(stdout, /SUCCESS: 1 rule files found/);
    assert.match(stdout, /SUCCESS: \d+ rules found/);
  });

  it('promtool check rules accepts the production and the fast rendering of the same template', async (t) => {
    if (!requireServer(t, !!promtoolPresent, 'promtool')) return;
    const dir = mkdtempSync(join(tmpdir(), 'zk-rules-'));
    try {
      const fast = join(dir, 'fast.rules.yml');
      writeFileSync(fast, renderRules(readRulesTemplate(), fastRuleParams('2s')));
      const { stdout } = await promtool(['check', 'rules', RULES_PATH, fast]);
      assert.equal(stdout.match(/SUCCESS: 13 rules found/g)?.length, 2, stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('promtool test rules passes the unit tests', async (t) => {
    if (!requireServer(t, !!promtoolPresent, 'promtool')) return;
    const { stdout } = await promtool(['test', 'rules', 'zakupai.rules.test.yml'], join(promDir, 'rules'));
    assert.match(stdout, /SUCCESS/);
  });

  it('promtool test rules fails when an expectation is wrong (the unit tests have teeth)', async (t) => {
    if (!requireServer(t, !!promtoolPresent, 'promtool')) return;
    const dir = mkdtempSync(join(tmpdir(), 'zk-rules-'));
    try {
      writeFileSync(join(dir, 'zakupai.rules.yml'), readFileSync(RULES_PATH));
      const tests = readFileSync(join(promDir, 'rules', 'zakupai.rules.test.yml'), 'utf8');
      writeFileSync(join(dir, 't.yml'), tests.replace('eval_time: 19m', 'eval_time: 21m'));
      await assert.rejects(promtool(['test', 'rules', 't.yml'], dir), /AntiDumpingRatioHigh/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the committed rules are the production rendering of the template', () => {
    assert.equal(readFileSync(RULES_PATH, 'utf8'), renderRules(readRulesTemplate(), productionRuleParams));
  });

  it('every alert has severity, summary, description and a runbook that exists', () => {
    const alerts = rules().filter((r) => r.alert);
    assert.deepEqual(alerts.map((a) => a.alert).sort(), [...ALERT_NAMES].sort());
    for (const a of alerts) {
      assert.match(a.labels?.severity ?? '', /^(warning|critical)$/, `${a.alert} severity`);
      assert.ok(a.annotations?.summary, `${a.alert} summary`);
      assert.ok(a.annotations?.description, `${a.alert} description`);
      assert.equal(a.annotations?.runbook_url, `${RUNBOOK_BASE}/${a.alert}.md`);
      assert.ok(
        existsSync(join(repoRoot, 'docs', 'runbooks', `${a.alert}.md`)),
        `docs/runbooks/${a.alert}.md`,
      );
      assert.equal(a.for, productionRuleParams.for[a.alert as (typeof ALERT_NAMES)[number]]);
    }
    assert.equal(rules().find((r) => r.alert === 'AntiDumpingRatioHigh')?.for, '15m');
  });

  it('every alert has a unit test where it fires and one where it does not', () => {
    type Case = { alertname: string; exp_alerts: unknown[] };
    const doc = parse(readFileSync(join(promDir, 'rules', 'zakupai.rules.test.yml'), 'utf8')) as {
      tests: { alert_rule_test?: Case[] }[];
    };
    const cases = doc.tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const name of ALERT_NAMES) {
      const mine = cases.filter((c) => c.alertname === name);
      assert.ok(
        mine.some((c) => c.exp_alerts.length > 0),
        `${name} has no firing case`,
      );
      assert.ok(
        mine.some((c) => c.exp_alerts.length === 0),
        `${name} has no not-firing case`,
      );
    }
  });

  it('rendering is strict about placeholders and durations', () => {
    const p = productionRuleParams;
    assert.throws(() => renderRules('for: ${Nope.for}', p), /no value for placeholder \$\{Nope\.for\}/);
    assert.throws(() => renderRules('nothing here', p), /no placeholder for .*AntiDumpingRatioHigh\.for/);
    const bad = { ...p, for: { ...p.for, EtlStale: '5 minutes' } };
    assert.throws(() => renderRules(readRulesTemplate(), bad), /EtlStale\.for is not a Prometheus duration/);
    const fast = renderRules(readRulesTemplate(), fastRuleParams('3s'));
    assert.equal(fast.match(/^ {8}for: 3s$/gm)?.length, ALERT_NAMES.length);
    assert.doesNotMatch(fast, /\$\{/);
  });
});

// Every PromQL expression in every dashboard panel and every rule runs against a live Prometheus without error.
// Panels whose metrics this Prometheus scrapes must also return at least one series. Here only the stub risk
// exporter is scraped; LEAD: once the real services run in this test, every panel is checked the same way.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baoAvailable } from '@zakupai/testing/bao';
import { prometheusAvailable, startPrometheus, type TestPrometheus } from '@zakupai/testing/prometheus';
import { freePort, startProcess, waitReady, type ManagedProcess } from '@zakupai/testing/prometheus-process';
import { requireServer } from '@zakupai/testing/require-server';
import { concreteQuery, listPromQlExpressions } from '../expressions.ts';
import { fastRuleParams, readRulesTemplate, renderRules } from '../prometheus/src/render-rules.ts';
import { startStubRiskExporter, type StubRiskExporter } from './stub-risk-exporter.ts';

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
]);
/** The series selectors of an expression (`name{matchers}`), without functions, keywords, numbers and durations. */
function selectors(expr: string): string[] {
  const noGrouping = expr
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  return [...noGrouping.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?\s*(\(?)/g)]
    .filter((m) => m[3] !== '(' && !PROMQL_WORDS.has(m[1]!) && !/^(\d+[smhdwy])+$/.test(m[1]!))
    .map((m) => `${m[1]}${m[2] ?? ''}`);
}
const nonEmpty = (d: Awaited<ReturnType<TestPrometheus['query']>>) =>
  d.resultType === 'vector' || d.resultType === 'matrix' ? d.result.length > 0 : true;

/**
 * OpenBao (the Vault stand-in) in dev mode with Prometheus telemetry on, so the Vault panels and rules query real
 * Vault metric names (vault_core_unsealed, vault_core_handle_request_count) rather than invented ones.
 */
async function startTelemetryBao(): Promise<{ addr: string; proc: ManagedProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'zk-bao-tel-'));
  writeFileSync(
    join(dir, 'telemetry.hcl'),
    'telemetry {\n  prometheus_retention_time = "60s"\n  disable_hostname = true\n}\n',
  );
  for (let i = 0; i < 20; i++) {
    const port = await freePort();
    const proc = startProcess(
      'bao',
      [
        'server',
        '-dev',
        `-dev-listen-address=127.0.0.1:${port}`,
        '-dev-root-token-id=root',
        '-dev-no-store-token',
        `-config=${join(dir, 'telemetry.hcl')}`,
      ],
      join(dir, 'bao.log'),
    );
    try {
      await waitReady(`http://127.0.0.1:${port}/v1/sys/health`, proc, 'bao', 15_000);
      return { addr: `127.0.0.1:${port}`, proc, dir };
    } catch {
      await proc.stop(); // the cluster port (port + 1) was taken: try another
    }
  }
  throw new Error('could not start bao with telemetry');
}

describe('PromQL of dashboards and rules against a live Prometheus', { timeout: 120_000 }, () => {
  const available = prometheusAvailable();
  let prom: TestPrometheus | undefined;
  let exporter: StubRiskExporter | undefined;
  let bao: Awaited<ReturnType<typeof startTelemetryBao>> | undefined;

  before(async () => {
    if (!available) return;
    exporter = await startStubRiskExporter(4);
    if (baoAvailable()) bao = await startTelemetryBao();
    const vaultJob = bao
      ? [
          {
            job_name: 'vault',
            metrics_path: '/v1/sys/metrics',
            params: { format: ['prometheus'] },
            authorization: { credentials: 'root' },
            static_configs: [{ targets: [bao.addr] }],
          },
        ]
      : [];
    prom = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [{ job_name: 'risk', static_configs: [{ targets: [exporter.target] }] }, ...vaultJob],
      },
      rules: [renderRules(readRulesTemplate(), fastRuleParams('2s'))],
    });
    const deadline = Date.now() + 20_000;
    for (let analysed = false; ;) {
      const d = await prom.query('sum(increase(lots_analyzed_total[1m])) > 0');
      if (nonEmpty(d) && (await prom.query('job:anti_dumping_ratio:increase1h')).result.length) break;
      if (!analysed && nonEmpty(await prom.query('lots_analyzed_total'))) {
        exporter.analyse(50, 6);
        analysed = true;
      }
      if (Date.now() > deadline) throw new Error('no data from the stub exporter');
      await new Promise((r) => setTimeout(r, 300));
    }
  });
  after(async () => {
    await prom?.stop();
    await exporter?.close();
    await bao?.proc.stop();
    if (bao) rmSync(bao.dir, { recursive: true, force: true });
  });

  it('lists every panel and rule expression', () => {
    const all = listPromQlExpressions();
    assert.ok(all.filter((e) => e.kind === 'rule').length === 13);
    assert.ok(all.filter((e) => e.kind === 'panel').length >= 30);
    assert.ok(
      all.every((e) => !/\$\w/.test(concreteQuery(e.expr))),
      'every Grafana variable is substituted',
    );
  });

  it('every expression evaluates without error, instant and as a range', async (t) => {
    if (!requireServer(t, available, 'prometheus')) return;
    const failures: string[] = [];
    for (const e of listPromQlExpressions()) {
      const q = concreteQuery(e.expr);
      await prom!.query(q).catch((err: Error) => failures.push(`${e.source}: ${err.message}`));
      await prom!
        .queryRange(q, 60, 5)
        .catch((err: Error) => failures.push(`${e.source} (range): ${err.message}`));
    }
    assert.deepEqual(failures, []);
  });

  it('a broken expression would be reported (the check has teeth)', async (t) => {
    if (!requireServer(t, available, 'prometheus')) return;
    await assert.rejects(prom!.query('sum by (job (rate(x[1m]))'), /bad_data/);
  });

  it('every panel whose metrics are scraped here returns at least one series', async (t) => {
    if (!requireServer(t, available, 'prometheus')) return;
    const empty: string[] = [];
    const unchecked: string[] = [];
    let checked = 0;
    for (const e of listPromQlExpressions().filter((x) => x.kind === 'panel')) {
      const q = concreteQuery(e.expr);
      const missing: string[] = [];
      for (const sel of new Set(selectors(q)))
        if (!nonEmpty(await prom!.query(`count(${sel})`))) missing.push(sel);
      if (missing.length) {
        unchecked.push(`${e.source} (no series here: ${missing.join(', ')})`);
        continue;
      }
      checked++;
      if (!nonEmpty(await prom!.query(q))) empty.push(e.source);
    }
    t.diagnostic(
      `checked ${checked} panel queries; not checked without the real services:\n  ${unchecked.join('\n  ')}`,
    );
    assert.deepEqual(empty, []);
    // The anti-dumping and risk panels are served by the stub, so at least those are checked.
    assert.ok(checked >= 12, `only ${checked} panel queries checked`);
  });

  it('Vault telemetry has the names the Vault panels and rules use, and an unsealed Vault is not VaultSealed', async (t) => {
    if (!requireServer(t, available && baoAvailable(), 'prometheus and bao')) return;
    const deadline = Date.now() + 15_000;
    while (!nonEmpty(await prom!.query('vault_core_unsealed')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 300));
    for (const sel of [
      'up{job="vault"} == 1',
      'max(vault_core_unsealed) == 1',
      'vault_core_handle_request_count',
    ]) {
      assert.ok(nonEmpty(await prom!.query(sel)), sel);
    }
    // OpenBao also keeps a `cluster=""` series at 0 from before unseal: the rule's `max by` must not read that as sealed.
    assert.equal((await prom!.query('max by (job, instance) (vault_core_unsealed) == 0')).result.length, 0);
  });
});

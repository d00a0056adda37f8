// Every PromQL expression in every dashboard panel and every rule runs against a live Prometheus without error, and
// every dashboard panel returns at least one series. Prometheus scrapes the real calc, risk, etl and gateway
// processes (secrets from a real OpenBao) and that OpenBao's telemetry; the test makes each metric exist the way
// production does: it scores lots, looks up the RNU, syncs etl against the fake Goszakup (one injected 500), and
// sends the gateway an API-key request while billing is down (a real 503).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baoAvailable } from '@zakupai/testing/bao';
import { postgresAvailable } from '@zakupai/testing/pg';
import { prometheusAvailable, startPrometheus, type TestPrometheus } from '@zakupai/testing/prometheus';
import { requireServer } from '@zakupai/testing/require-server';
import { concreteQuery, listPromQlExpressions } from '../expressions.ts';
import { fastRuleParams, readRulesTemplate, renderRules } from '../prometheus/src/render-rules.ts';
import { ids, plan, scoreLots } from './risk-lots.ts';
import { startServiceStack, syncEtl, type ServiceStack } from './service-stack.ts';

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

/** Panels (source and query) that return no series yet. */
async function emptyPanels(prom: TestPrometheus): Promise<{ source: string; query: string }[]> {
  const out: { source: string; query: string }[] = [];
  for (const e of listPromQlExpressions().filter((x) => x.kind === 'panel')) {
    const q = concreteQuery(e.expr);
    if (!nonEmpty(await prom.query(q))) out.push({ source: e.source, query: q });
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TELEGRAM = { botToken: '7000000001:AAPromQlLiveUnusedBotToken_000001', chatId: '-1001234567891' };

describe('PromQL of dashboards and rules against a live Prometheus', { timeout: 150_000 }, () => {
  let available = false;
  let prom: TestPrometheus | undefined;
  let stack: ServiceStack | undefined;

  before(async () => {
    available = prometheusAvailable() && baoAvailable() && (await postgresAvailable());
    if (!available) return;
    stack = await startServiceStack({
      services: ['calc', 'risk', 'etl', 'gateway'],
      telegram: TELEGRAM,
      refreshInterval: '2s',
    });
    prom = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: stack.scrapeConfigs(),
      },
      rules: [renderRules(readRulesTemplate(), fastRuleParams('2s'))],
    });
    await stack.ready;
    // Counters start at 0; `increase` needs a scrape before the traffic and one after it.
    const deadline = Date.now() + 20_000;
    while (
      !nonEmpty(await prom.query('lots_analyzed_total')) ||
      !nonEmpty(await prom.query('up{job="etl"} == 1'))
    ) {
      if (Date.now() > deadline) throw new Error(`no scrape of risk and etl:\n${prom.logTail()}`);
      await sleep(200);
    }
    const risk = stack.service('risk');
    await scoreLots(risk.url, plan(['P1', 'P2'], ids('P', 3, 20)));
    for (const bin of ['100000000205', '123456789012'])
      await fetch(`${risk.url}/rnu/${bin}`).then((r) => r.arrayBuffer());
    stack.goszakup.inject('500', { count: 1 });
    const synced = await syncEtl(stack.service('etl'));
    assert.ok(
      synced.every((r) => r.status === 'ok'),
      JSON.stringify(synced),
    );
    const gateway = await fetch(`${stack.service('gateway').url}/api/risk/risk/score`, {
      headers: { 'x-api-key': `zk_live_${'a'.repeat(12)}_${'B'.repeat(43)}` },
    });
    await gateway.arrayBuffer();
    assert.equal(gateway.status, 503, 'billing is down: an API-key request is a 503');
    // Rates need two samples after the traffic, and the recording rules an evaluation after that.
    while ((await emptyPanels(prom)).length > 0 && Date.now() < deadline + 20_000) await sleep(500);
  });
  after(async () => {
    await prom?.stop();
    await stack?.stop();
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
    if (!requireServer(t, available, 'prometheus, bao and PostgreSQL')) return;
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
    if (!requireServer(t, available, 'prometheus, bao and PostgreSQL')) return;
    await assert.rejects(prom!.query('sum by (job (rate(x[1m]))'), /bad_data/);
  });

  it('every panel returns at least one series', async (t) => {
    if (!requireServer(t, available, 'prometheus, bao and PostgreSQL')) return;
    const empty: string[] = [];
    for (const { source, query } of await emptyPanels(prom!)) {
      const missing: string[] = [];
      for (const sel of new Set(selectors(query)))
        if (!nonEmpty(await prom!.query(`count(${sel})`))) missing.push(sel);
      empty.push(`${source}${missing.length ? ` (no series: ${missing.join(', ')})` : ''}`);
    }
    assert.deepEqual(empty, []);
    assert.ok(listPromQlExpressions().filter((e) => e.kind === 'panel').length >= 30);
  });

  it('the series are the traffic this test sent, scraped from the real services', async (t) => {
    if (!requireServer(t, available, 'prometheus, bao and PostgreSQL')) return;
    const value = async (q: string) => {
      const d = await prom!.query(q);
      assert.ok(d.resultType === 'vector' && d.result.length === 1, `${q}: ${JSON.stringify(d)}`);
      return Number(d.result[0]!.value[1]);
    };
    assert.equal(await value('anti_dumping_ratio{job="risk"}'), 10, '2 of 20 scored lots are dumping');
    assert.equal(await value('lots_analyzed_total{job="risk"}'), 20);
    assert.equal(await value('sum(rnu_validations_total{job="risk"})'), 2);
    assert.equal(await value('sum(goszakup_errors_total{job="etl", error_type="http_5xx"})'), 1);
    assert.equal(await value('etl_items_upserted_total{job="etl", entity="lots"}'), 120);
    assert.ok(
      (await value('sum(http_request_duration_seconds_count{job="gateway", status_code="503"})')) >= 1,
    );
    for (const job of ['calc', 'risk', 'etl', 'gateway']) {
      assert.equal(await value(`zakupai_secrets_stale{job="${job}"}`), 0, job);
      assert.ok((await value(`zakupai_vault_token_ttl_seconds{job="${job}"}`)) > 300, job);
    }
  });

  it('Vault telemetry has the names the Vault panels and rules use, and an unsealed Vault is not VaultSealed', async (t) => {
    if (!requireServer(t, available, 'prometheus, bao and PostgreSQL')) return;
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

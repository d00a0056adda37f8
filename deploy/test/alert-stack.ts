import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startAlertmanager, type TestAlertmanager } from '@zakupai/testing/alertmanager';
import { startFakeTelegram, type FakeTelegram } from '@zakupai/testing/fake-telegram';
import { startPrometheus, type TestPrometheus } from '@zakupai/testing/prometheus';
// @zakupai/cli exports only its dispatcher; the pure renderer is imported from its file.
import { renderAlertmanagerConfig } from '../../packages/cli/src/alertmanager/render-config.ts';
import { fastRuleParams, readRulesTemplate, renderRules } from '../prometheus/src/render-rules.ts';
import { startStubRiskExporter, type StubRiskExporter } from './stub-risk-exporter.ts';

export const AM_TEMPLATE_PATH = fileURLToPath(
  new URL('../alertmanager/alertmanager.tmpl.yml', import.meta.url),
);

/** Second-scale intervals: the pipeline is the production one, only faster. */
export interface StackIntervals {
  scrape: number;
  evaluation: number;
  /** `for:` of every alert, from the same rule template as production. */
  for: number;
  groupWait: number;
  groupInterval: number;
}
export const defaultIntervals: StackIntervals = {
  scrape: 1,
  evaluation: 1,
  for: 2,
  groupWait: 1,
  groupInterval: 2,
};

export const TEST_BOT_TOKEN = '7000000001:AAFakeTestTokenForZakupAIAlerts_001';
export const TEST_CHAT_ID = '-1001234567890';
/** The external label the rules' alerts carry; Alertmanager's inhibition matches on it. */
export const TEST_CLUSTER = 'zakupai-test';

export interface AlertStack {
  telegram: FakeTelegram;
  exporter: StubRiskExporter;
  alertmanager: TestAlertmanager;
  prometheus: TestPrometheus;
  intervals: StackIntervals;
  stop(): Promise<void>;
}

/**
 * Fake Telegram ← real Alertmanager (config rendered from the committed template with a test token) ← real
 * Prometheus (rules rendered from the committed rule template with short `for:`) ← the stub risk exporter.
 */
export async function startAlertStack(intervals: StackIntervals = defaultIntervals): Promise<AlertStack> {
  const started: { stop?: () => Promise<void>; close?: () => Promise<void> }[] = [];
  try {
    const telegram = await startFakeTelegram();
    started.push(telegram);
    const exporter = await startStubRiskExporter(0);
    started.push(exporter);
    const { config } = renderAlertmanagerConfig(readFileSync(AM_TEMPLATE_PATH, 'utf8'), {
      secrets: { TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_CHAT_ID: TEST_CHAT_ID },
      tokenMode: 'inline',
      settings: {
        TELEGRAM_API_URL: telegram.url,
        ALERTMANAGER_GROUP_WAIT: `${intervals.groupWait}s`,
        ALERTMANAGER_GROUP_INTERVAL: `${intervals.groupInterval}s`,
        ALERTMANAGER_REPEAT_INTERVAL: '1h',
      },
    });
    const alertmanager = await startAlertmanager({ config });
    started.push(alertmanager);
    const prometheus = await startPrometheus({
      config: {
        global: {
          scrape_interval: `${intervals.scrape}s`,
          evaluation_interval: `${intervals.evaluation}s`,
          external_labels: { cluster: TEST_CLUSTER },
        },
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanager.port}`] }] }] },
        scrape_configs: [
          { job_name: 'risk', static_configs: [{ targets: [exporter.target] }] },
          { job_name: 'alertmanager', static_configs: [{ targets: [`127.0.0.1:${alertmanager.port}`] }] },
        ],
      },
      rules: [renderRules(readRulesTemplate(), fastRuleParams(`${intervals.for}s`))],
    });
    started.push(prometheus);
    return {
      telegram,
      exporter,
      alertmanager,
      prometheus,
      intervals,
      async stop() {
        for (const s of started.reverse()) await (s.stop ?? s.close)!.call(s);
      },
    };
  } catch (e) {
    for (const s of started.reverse()) await (s.stop ?? s.close)!.call(s).catch(() => undefined);
    throw e;
  }
}

/** Waits until Prometheus has scraped the exporter at least once (the first scrape lands ~5 s after start). */
export async function waitFirstScrape(stack: AlertStack, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const data = await stack.prometheus.query(`up{job="risk"} == 1`);
    if (data.resultType === 'vector' && data.result.length > 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`prometheus did not scrape ${stack.exporter.target} within ${timeoutMs} ms`);
}

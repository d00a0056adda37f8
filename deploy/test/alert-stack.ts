import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main as cli } from '@zakupai/cli';
import {
  alertmanagerVersionText,
  startAlertmanager,
  type TestAlertmanager,
} from '@zakupai/testing/alertmanager';
import { captureIo } from '@zakupai/testing/bao-cli';
import { startFakeTelegram, type FakeTelegram } from '@zakupai/testing/fake-telegram';
import { capture } from '@zakupai/testing/leak-audit';
import { startPrometheus, type TestPrometheus } from '@zakupai/testing/prometheus';
import { fastRuleParams, readRulesTemplate, renderRules } from '../prometheus/src/render-rules.ts';
import { scoreLots, type LotPlan } from './risk-lots.ts';
import { metricsTarget, startServiceStack, type ServiceStack, type StackService } from './service-stack.ts';

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

/** The real risk service, as the alert pipeline sees it. */
export interface RiskUnderTest {
  /** Its public HTTP API. */
  url: string;
  /** `host:port` of its metrics port: the Prometheus target and the alert's `instance` label. */
  target: string;
  /** Scores lots through `POST /risk/batch`, checking which ones risk flagged as dumping. */
  score(lots: LotPlan[]): Promise<void>;
}

/** A run of `zakupai alertmanager render`. */
export interface ConfigWatcher {
  /** Its exit code; with `--watch`, once the signal given to it aborts. */
  exited: Promise<number>;
  /** What it printed so far (stdout and stderr). */
  output(): string;
}

export interface AlertStack {
  telegram: FakeTelegram;
  services: ServiceStack;
  risk: RiskUnderTest;
  alertmanager: TestAlertmanager;
  /**
   * Starts `zakupai alertmanager render --watch` on the file this Alertmanager runs from, as the deploy's
   * render sidecar does: a changed `zakupai/monitoring` re-renders it and reloads Alertmanager.
   */
  watchAlertmanagerConfig(signal: AbortSignal): ConfigWatcher;
  prometheus: TestPrometheus;
  intervals: StackIntervals;
  stop(): Promise<void>;
}

/**
 * Fake Telegram ← real Alertmanager (its config rendered by `zakupai alertmanager render` from the committed
 * template, bot token and chat id read from OpenBao `zakupai/monitoring` with the monitoring AppRole) ← real
 * Prometheus (rules rendered from the committed rule template with short `for:`) ← the real services, processes
 * with their secrets from the same OpenBao (default risk and etl), and OpenBao's own telemetry.
 */
export async function startAlertStack(
  intervals: StackIntervals = defaultIntervals,
  serviceNames: readonly StackService[] = ['risk', 'etl'],
): Promise<AlertStack> {
  const started: { stop?: () => Promise<void>; close?: () => Promise<void> }[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'zk-alert-stack-'));
  const stopAll = async () => {
    for (const s of started.reverse()) await (s.stop ?? s.close)!.call(s).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const telegram = await startFakeTelegram();
    started.push(telegram);
    const services = await startServiceStack({
      services: serviceNames,
      telegram: { botToken: TEST_BOT_TOKEN, chatId: TEST_CHAT_ID },
    });
    started.push(services);
    const render = alertmanagerRender(services, telegram.url, intervals, dir);
    const once = render([]);
    const code = await once.exited;
    if (code !== 0) throw new Error(`zakupai alertmanager render exited ${code}: ${once.output()}`);
    const alertmanager = await startAlertmanager({ configFile: render.out });
    started.push(alertmanager);
    // Not before the services answer: a target still booting would be `up == 0`, and ServiceDown would page.
    await services.ready;
    const prometheus = await startPrometheus({
      config: {
        global: {
          scrape_interval: `${intervals.scrape}s`,
          evaluation_interval: `${intervals.evaluation}s`,
          external_labels: { cluster: TEST_CLUSTER },
        },
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanager.port}`] }] }] },
        scrape_configs: [
          ...services.scrapeConfigs(),
          { job_name: 'alertmanager', static_configs: [{ targets: [`127.0.0.1:${alertmanager.port}`] }] },
        ],
      },
      rules: [renderRules(readRulesTemplate(), fastRuleParams(`${intervals.for}s`))],
    });
    started.push(prometheus);
    const risk = services.service('risk');
    return {
      telegram,
      services,
      risk: { url: risk.url, target: metricsTarget(risk), score: (lots) => scoreLots(risk.url, lots) },
      alertmanager,
      watchAlertmanagerConfig: (signal) =>
        render(['--watch', '--alertmanager-url', alertmanager.url], signal),
      prometheus,
      intervals,
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/**
 * `zakupai alertmanager render` as an operator runs it (AppRole files of `zakupai-monitoring`, non-secret settings
 * from the environment) for the Alertmanager binary the test runs. The returned function starts it with extra
 * arguments; `signal` stops a `--watch`.
 */
function alertmanagerRender(
  services: ServiceStack,
  telegramUrl: string,
  intervals: StackIntervals,
  dir: string,
): ((extra: string[], signal?: AbortSignal) => ConfigWatcher) & { out: string } {
  const version = /version (\d+\.\d+\.\d+)/.exec(alertmanagerVersionText())?.[1];
  if (!version) throw new Error(`cannot read the Alertmanager version from: ${alertmanagerVersionText()}`);
  const out = join(dir, 'alertmanager.yml');
  const env = {
    VAULT_ADDR: services.bao.addr,
    ...services.credentials('monitoring'),
    VAULT_REFRESH_INTERVAL: '300ms',
    TELEGRAM_API_URL: telegramUrl,
    ALERTMANAGER_GROUP_WAIT: `${intervals.groupWait}s`,
    ALERTMANAGER_GROUP_INTERVAL: `${intervals.groupInterval}s`,
    ALERTMANAGER_REPEAT_INTERVAL: '1h',
  };
  const args = [
    'alertmanager',
    'render',
    '--template',
    AM_TEMPLATE_PATH,
    '--out',
    out,
    '--am-version',
    version,
  ];
  const run = (extra: string[], signal?: AbortSignal): ConfigWatcher => {
    const io = captureIo(env, dir);
    const output = () => io.stdout() + io.stderr();
    const exited = cli([...args, ...extra], { ...io.io, ...(signal ? { signal } : {}) }).finally(() =>
      capture('alertmanager-render', output()),
    );
    return { exited, output };
  };
  return Object.assign(run, { out });
}

/** Waits until Prometheus has scraped risk's `anti_dumping_ratio` (the first scrape lands ~5 s after start). */
export async function waitFirstScrape(stack: AlertStack, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const data = await stack.prometheus.query(`anti_dumping_ratio{job="risk"}`);
    if (data.resultType === 'vector' && data.result.length > 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`prometheus did not scrape risk at ${stack.risk.target} within ${timeoutMs} ms`);
}

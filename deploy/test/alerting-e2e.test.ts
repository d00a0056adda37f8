// End to end on loopback: the real risk and etl services (processes, secrets from a real OpenBao) → real Prometheus →
// real Alertmanager (config rendered by `zakupai alertmanager render` with the Telegram token from OpenBao) → fake
// Telegram. The ratio moves only by scoring lots through risk's HTTP API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alertmanagerAvailable } from '@zakupai/testing/alertmanager';
import { baoAvailable } from '@zakupai/testing/bao';
import { postgresAvailable } from '@zakupai/testing/pg';
import { prometheusAvailable } from '@zakupai/testing/prometheus';
import { requireServer } from '@zakupai/testing/require-server';
import type { TelegramRequest } from '@zakupai/testing/fake-telegram';
import { RUNBOOK_BASE } from '../prometheus/src/render-rules.ts';
import {
  TEST_BOT_TOKEN,
  TEST_CHAT_ID,
  TEST_CLUSTER,
  startAlertStack,
  waitFirstScrape,
  type AlertStack,
} from './alert-stack.ts';
import { ids, plan } from './risk-lots.ts';
import { putMonitoringSecret } from './monitoring-secret.ts';
import { syncEtl } from './service-stack.ts';

const available =
  prometheusAvailable() && alertmanagerAvailable() && baoAvailable() && (await postgresAvailable());
const NEEDS = 'prometheus, prometheus-alertmanager, bao and PostgreSQL';
const DELIVERY_MS = 30_000;

function antiDumpingMessage(status: 'FIRING' | 'RESOLVED', instance: string, value: string): string {
  const head = status === 'FIRING' ? '🔥 <b>FIRING</b>' : '✅ <b>RESOLVED</b>';
  return (
    `${head} <b>AntiDumpingRatioHigh</b> · warning\n\n` +
    `<b>Instance:</b> <code>${instance}</code>\n` +
    `${value} anti-dumping violations per 100 lots analysed (threshold 10) on ${instance}.\n` +
    `<a href="${RUNBOOK_BASE}/AntiDumpingRatioHigh.md">Runbook</a>\n`
  );
}
const isAntiDumping = (status: string) => (r: TelegramRequest) =>
  r.text?.includes(`<b>${status}</b> <b>AntiDumpingRatioHigh</b>`) === true;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ROTATED_BOT_TOKEN = '7000000001:AARotatedTokenForZakupAIAlerts_002';

async function until(what: string, done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** risk's gauge as Prometheus scraped it last. */
async function scrapedRatio(s: AlertStack): Promise<number> {
  const d = await s.prometheus.query(`anti_dumping_ratio{job="risk"}`);
  if (d.resultType !== 'vector' || d.result.length !== 1) throw new Error(JSON.stringify(d));
  return Number(d.result[0]!.value[1]);
}

describe('alerting end to end (Prometheus → Alertmanager → Telegram)', { timeout: 180_000 }, () => {
  let stack: AlertStack | undefined;

  before(async () => {
    if (!available) return;
    stack = await startAlertStack();
    // A clean sync, so the etl and Goszakup rules evaluate real series too (and must stay quiet).
    const synced = await syncEtl(stack.services.service('etl'));
    assert.ok(
      synced.every((r) => r.status === 'ok'),
      JSON.stringify(synced),
    );
    await waitFirstScrape(stack);
  });
  after(async () => {
    await stack?.stop();
  });

  it('sends FIRING with the chat id, token and text when the ratio crosses 10, then RESOLVED', async (t) => {
    if (!requireServer(t, available, NEEDS)) return;
    const s = stack!;
    const crossed = Date.now();
    await s.risk.score(plan(['L1'], ids('L', 2, 8))); // 1 of 8 lots dumping: 12.5
    const firing = await s.telegram.waitFor(isAntiDumping('FIRING'), DELIVERY_MS);
    assert.ok(firing.at - crossed < DELIVERY_MS);
    assert.equal(firing.token, TEST_BOT_TOKEN);
    assert.equal(firing.chatId, TEST_CHAT_ID);
    assert.equal(firing.parseMode, 'HTML');
    assert.equal(firing.text, antiDumpingMessage('FIRING', s.risk.target, '12.5'));
    // `for:` holds it back: not before the configured for + group_wait
    assert.ok(
      firing.at - crossed >= (s.intervals.for + s.intervals.groupWait) * 1000,
      `${firing.at - crossed} ms`,
    );

    await s.risk.score(plan([], ['L1'])); // L1's latest assessment is clean now: 0 of 8
    const resolved = await s.telegram.waitFor(
      (r) => r.at > firing.at && isAntiDumping('RESOLVED')(r),
      DELIVERY_MS,
    );
    assert.equal(resolved.chatId, TEST_CHAT_ID);
    assert.equal(resolved.text, antiDumpingMessage('RESOLVED', s.risk.target, '12.5'));
  });

  it('a ratio at or below the threshold sends nothing', async (t) => {
    if (!requireServer(t, available, NEEDS)) return;
    const s = stack!;
    const from = Date.now();
    await s.risk.score(plan(['L9'], ['L10'])); // 1 of 10: exactly the threshold
    await sleep(
      (s.intervals.scrape + s.intervals.evaluation + s.intervals.for + s.intervals.groupWait + 3) * 1000,
    );
    assert.equal(await scrapedRatio(s), 10, 'Prometheus sees the ratio at the threshold');
    assert.deepEqual(
      s.telegram.delivered().filter((r) => r.at > from),
      [],
    );
    const pending = (await s.prometheus.alerts()).filter(
      (a) => a.labels.alertname === 'AntiDumpingRatioHigh',
    );
    assert.deepEqual(pending, []);
  });

  it('still delivers when Telegram fails first (500, then 200), and Alertmanager survives', async (t) => {
    if (!requireServer(t, available, NEEDS)) return;
    const s = stack!;
    const from = Date.now();
    const failedBefore = await s.alertmanager.metric('alertmanager_notification_requests_failed_total', {
      integration: 'telegram',
    });
    s.telegram.failNext(2, { status: 500 });
    await s.risk.score(plan(['L11', 'L12'], ids('L', 13, 20))); // 3 of 20: 15
    const firing = await s.telegram.waitFor((r) => r.at > from && isAntiDumping('FIRING')(r), DELIVERY_MS);
    assert.equal(firing.text, antiDumpingMessage('FIRING', s.risk.target, '15.0'));
    const attempts = s.telegram.requests.filter((r) => r.at > from && r.method === 'sendMessage');
    assert.deepEqual(
      attempts.map((r) => r.status),
      [500, 500, 200],
    );
    assert.ok(attempts.every((r) => r.token === TEST_BOT_TOKEN && r.chatId === TEST_CHAT_ID));
    const failedAfter = await s.alertmanager.metric('alertmanager_notification_requests_failed_total', {
      integration: 'telegram',
    });
    assert.equal(failedAfter - failedBefore, 2);
    assert.ok(s.alertmanager.alive(), s.alertmanager.logTail());

    await s.risk.score(plan([], ['L9', 'L11', 'L12']));
    await s.telegram.waitFor((r) => r.at > firing.at && isAntiDumping('RESOLVED')(r), DELIVERY_MS);
  });

  it('escapes label and annotation values for Telegram HTML', async (t) => {
    if (!requireServer(t, available, NEEDS)) return;
    const s = stack!;
    await s.alertmanager.postAlerts([
      {
        labels: {
          alertname: 'EscapeCheck',
          severity: 'warning',
          instance: 'lot<7>&co',
          cluster: TEST_CLUSTER,
        },
        annotations: {
          description: 'price < 0.7 × avg & "quoted" <script>',
          runbook_url: `${RUNBOOK_BASE}/X.md?a=1&b=2`,
        },
      },
    ]);
    const msg = await s.telegram.waitFor((r) => r.text?.includes('EscapeCheck') === true, DELIVERY_MS);
    assert.match(msg.text!, /<code>lot&lt;7&gt;&amp;co<\/code>/);
    assert.match(msg.text!, /price &lt; 0\.7 × avg &amp; (&#34;|&quot;)quoted(&#34;|&quot;) &lt;script&gt;/);
    assert.match(msg.text!, /<a href="[^"<>]*X\.md\?a=1&amp;b=2">Runbook<\/a>/);
    assert.equal(msg.status, 200, 'the fake applies Telegram HTML rules: unescaped text would be a 400');
  });

  it('a sealed Vault inhibits SecretsStale of the same cluster, not of another', async (t) => {
    if (!requireServer(t, available, NEEDS)) return;
    const s = stack!;
    const from = Date.now();
    const common = { severity: 'warning', cluster: TEST_CLUSTER };
    await s.alertmanager.postAlerts([
      {
        labels: {
          alertname: 'VaultSealed',
          job: 'vault',
          instance: 'vault:8200',
          ...common,
          severity: 'critical',
        },
      },
      { labels: { alertname: 'SecretsStale', job: 'calc', instance: 'calc:9101', ...common } },
      { labels: { alertname: 'VaultTokenExpiringSoon', job: 'calc', instance: 'calc:9101', ...common } },
      {
        labels: {
          alertname: 'SecretsStale',
          job: 'billing',
          instance: 'billing:9105',
          severity: 'warning',
          cluster: 'other',
        },
      },
    ]);
    await s.telegram.waitFor(
      (r) => r.at > from && r.text?.includes('<b>VaultSealed</b>') === true,
      DELIVERY_MS,
    );
    const other = await s.telegram.waitFor(
      (r) => r.at > from && r.text?.includes('<b>SecretsStale</b>') === true,
      DELIVERY_MS,
    );
    assert.match(other.text!, /billing:9105/);
    await sleep((s.intervals.groupWait + 2 * s.intervals.groupInterval) * 1000);
    const muted = s.telegram.delivered().filter((r) => r.at > from && /calc:9101/.test(r.text ?? ''));
    assert.deepEqual(
      muted,
      [],
      'SecretsStale/VaultTokenExpiringSoon of the sealed cluster must be inhibited',
    );
  });

  // Last: it moves the stack to another token.
  it('rotating the bot token in OpenBao moves delivery to the new token (render --watch, real pipeline)', async (t) => {
    if (!requireServer(t, available, NEEDS)) return;
    const s = stack!;
    const ac = new AbortController();
    const watcher = s.watchAlertmanagerConfig(ac.signal);
    try {
      await until('the watcher to start', () => watcher.output().includes('watching zakupai/monitoring'));
      await putMonitoringSecret(s.services.bao, { botToken: ROTATED_BOT_TOKEN, chatId: TEST_CHAT_ID });
      s.telegram.acceptTokens([ROTATED_BOT_TOKEN]); // Telegram revokes the old token when a new one is issued
      await until('re-render and reload', () => /reloaded Alertmanager/.test(watcher.output()));
      assert.match(watcher.output(), /TELEGRAM_BOT_TOKEN changed/);

      const from = Date.now();
      await s.risk.score(plan(['L1', 'L2', 'L3'])); // rescored as dumping: 3 of 20
      const firing = await s.telegram.waitFor((r) => r.at > from && isAntiDumping('FIRING')(r), DELIVERY_MS);
      assert.equal(firing.token, ROTATED_BOT_TOKEN);
      assert.equal(firing.chatId, TEST_CHAT_ID);
      assert.equal(firing.text, antiDumpingMessage('FIRING', s.risk.target, '15.0'));
      assert.deepEqual(
        s.telegram.requests.filter((r) => r.at > from && r.token !== ROTATED_BOT_TOKEN),
        [],
        'nothing went out with the revoked token',
      );
      assert.ok(!watcher.output().includes(ROTATED_BOT_TOKEN), 'the CLI never prints the token');

      await s.risk.score(plan([], ['L1', 'L2', 'L3']));
      await s.telegram.waitFor((r) => r.at > firing.at && isAntiDumping('RESOLVED')(r), DELIVERY_MS);
    } finally {
      ac.abort();
      assert.equal(await watcher.exited, 0, watcher.output());
    }
  });
});

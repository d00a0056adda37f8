// End to end on loopback: stub risk exporter → real Prometheus → real Alertmanager → fake Telegram.
// LEAD: swap startStubRiskExporter (in alert-stack.ts) for the real risk service (secrets from OpenBao, the Telegram
// token included) and raise the ratio by scoring dumping lots; the assertions below stay as they are.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alertmanagerAvailable } from '@zakupai/testing/alertmanager';
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

const available = prometheusAvailable() && alertmanagerAvailable();
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

describe('alerting end to end (Prometheus → Alertmanager → Telegram)', { timeout: 180_000 }, () => {
  let stack: AlertStack | undefined;

  before(async () => {
    if (!available) return;
    stack = await startAlertStack();
    await waitFirstScrape(stack);
  });
  after(async () => {
    await stack?.stop();
  });

  it('sends FIRING with the chat id, token and text when the ratio crosses 10, then RESOLVED', async (t) => {
    if (!requireServer(t, available, 'prometheus and prometheus-alertmanager binaries')) return;
    const s = stack!;
    const crossed = Date.now();
    s.exporter.setRatio(12.5);
    const firing = await s.telegram.waitFor(isAntiDumping('FIRING'), DELIVERY_MS);
    assert.ok(firing.at - crossed < DELIVERY_MS);
    assert.equal(firing.token, TEST_BOT_TOKEN);
    assert.equal(firing.chatId, TEST_CHAT_ID);
    assert.equal(firing.parseMode, 'HTML');
    assert.equal(firing.text, antiDumpingMessage('FIRING', s.exporter.target, '12.5'));
    // `for:` holds it back: not before the configured for + group_wait
    assert.ok(
      firing.at - crossed >= (s.intervals.for + s.intervals.groupWait) * 1000,
      `${firing.at - crossed} ms`,
    );

    s.exporter.setRatio(3);
    const resolved = await s.telegram.waitFor(
      (r) => r.at > firing.at && isAntiDumping('RESOLVED')(r),
      DELIVERY_MS,
    );
    assert.equal(resolved.chatId, TEST_CHAT_ID);
    assert.equal(resolved.text, antiDumpingMessage('RESOLVED', s.exporter.target, '12.5'));
  });

  it('a ratio at or below the threshold sends nothing', async (t) => {
    if (!requireServer(t, available, 'prometheus and prometheus-alertmanager binaries')) return;
    const s = stack!;
    const from = Date.now();
    s.exporter.setRatio(10);
    await sleep(
      (s.intervals.scrape + s.intervals.evaluation + s.intervals.for + s.intervals.groupWait + 3) * 1000,
    );
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
    if (!requireServer(t, available, 'prometheus and prometheus-alertmanager binaries')) return;
    const s = stack!;
    const from = Date.now();
    const failedBefore = await s.alertmanager.metric('alertmanager_notification_requests_failed_total', {
      integration: 'telegram',
    });
    s.telegram.failNext(2, { status: 500 });
    s.exporter.setRatio(15);
    const firing = await s.telegram.waitFor((r) => r.at > from && isAntiDumping('FIRING')(r), DELIVERY_MS);
    assert.equal(firing.text, antiDumpingMessage('FIRING', s.exporter.target, '15.0'));
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

    s.exporter.setRatio(1);
    await s.telegram.waitFor((r) => r.at > firing.at && isAntiDumping('RESOLVED')(r), DELIVERY_MS);
  });

  it('escapes label and annotation values for Telegram HTML', async (t) => {
    if (!requireServer(t, available, 'prometheus and prometheus-alertmanager binaries')) return;
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
    if (!requireServer(t, available, 'prometheus and prometheus-alertmanager binaries')) return;
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
});

// Rotation: `zakupai alertmanager render --watch` reads zakupai/monitoring from a real OpenBao; rotating the bot
// token there moves Telegram delivery to the new token without restarting Alertmanager. This is the CLI on its own
// (token auth, alerts posted straight to Alertmanager); alerting-e2e.test.ts repeats it through the real pipeline.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { alertmanagerAvailable, startAlertmanager } from '@zakupai/testing/alertmanager';
import { baoAvailable, startBao } from '@zakupai/testing/bao';
import { createToken, mountKv, readPolicy, writePolicy } from '@zakupai/testing/bao-fixtures';
import { startFakeTelegram } from '@zakupai/testing/fake-telegram';
import { requireServer } from '@zakupai/testing/require-server';
import { main } from '../../packages/cli/src/main.ts';
import { AM_TEMPLATE_PATH, TEST_CHAT_ID } from './alert-stack.ts';
import { putMonitoringSecret } from './monitoring-secret.ts';

const OLD_TOKEN = '7000000001:AAOldTokenBeforeRotation_0000000001';
const NEW_TOKEN = '7000000001:AANewTokenAfterRotation_00000000002';

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('alertmanager render --watch with Vault rotation', { timeout: 120_000 }, () => {
  it('moves delivery to the rotated bot token', async (t) => {
    if (!requireServer(t, baoAvailable() && alertmanagerAvailable(), 'bao and prometheus-alertmanager'))
      return;
    const bao = await startBao();
    const telegram = await startFakeTelegram();
    const dir = mkdtempSync(join(tmpdir(), 'zk-rot-'));
    const out = join(dir, 'alertmanager.yml');
    const ac = new AbortController();
    let stdout = '';
    let stderr = '';
    const stream = (sink: (s: string) => void) => {
      const p = new PassThrough();
      p.on('data', (c: Buffer) => sink(c.toString()));
      return p;
    };
    let am: Awaited<ReturnType<typeof startAlertmanager>> | undefined;
    let watcher: Promise<number> | undefined;
    try {
      await mountKv(bao, 'zakupai', 2);
      await putMonitoringSecret(bao, { botToken: OLD_TOKEN, chatId: TEST_CHAT_ID });
      await writePolicy(bao, 'zakupai-monitoring', readPolicy('zakupai', 'monitoring'));
      const { token } = await createToken(bao, ['zakupai-monitoring']);
      const io = {
        stdout: stream((s) => (stdout += s)),
        stderr: stream((s) => (stderr += s)),
        env: {
          VAULT_ADDR: bao.addr,
          VAULT_TOKEN: token,
          VAULT_REFRESH_INTERVAL: '300ms',
          TELEGRAM_API_URL: telegram.url,
          ALERTMANAGER_GROUP_WAIT: '1s',
          ALERTMANAGER_GROUP_INTERVAL: '2s',
        },
        cwd: dir,
        signal: ac.signal,
      };
      const args = [
        'alertmanager',
        'render',
        '--template',
        AM_TEMPLATE_PATH,
        '--out',
        out,
        '--am-version',
        '0.25.0',
      ];
      assert.equal(await main(args, io), 0, stderr);
      am = await startAlertmanager({ configFile: out });
      watcher = main([...args, '--watch', '--alertmanager-url', am.url], io);

      telegram.acceptTokens([OLD_TOKEN]);
      await am.postAlerts([
        { labels: { alertname: 'RotationBefore', job: 'risk', instance: 'risk:9102', severity: 'warning' } },
      ]);
      const before = await telegram.waitFor((r) => r.text?.includes('RotationBefore') === true);
      assert.equal(before.token, OLD_TOKEN);

      await putMonitoringSecret(bao, { botToken: NEW_TOKEN, chatId: TEST_CHAT_ID });
      telegram.acceptTokens([NEW_TOKEN]); // Telegram revokes the old token when the bot's token is regenerated
      await until('re-render and reload', () => (/reloaded Alertmanager/.test(stdout) ? true : undefined));
      assert.match(stdout, /TELEGRAM_BOT_TOKEN changed/);
      assert.ok(readFileSync(out, 'utf8').includes(NEW_TOKEN));

      await am.postAlerts([
        { labels: { alertname: 'RotationAfter', job: 'risk', instance: 'risk:9102', severity: 'warning' } },
      ]);
      const after = await telegram.waitFor((r) => r.text?.includes('RotationAfter') === true);
      assert.equal(after.token, NEW_TOKEN);
      assert.equal(after.chatId, TEST_CHAT_ID);
      assert.ok(!stdout.includes(NEW_TOKEN) && !stderr.includes(NEW_TOKEN), 'the CLI never prints the token');
      assert.ok(am.alive());
    } finally {
      ac.abort();
      if (watcher) assert.equal(await watcher, 0, stderr);
      await am?.stop();
      await telegram.close();
      await bao.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

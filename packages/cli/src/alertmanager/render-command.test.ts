import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { alertmanagerAvailable, startAlertmanager } from '@zakupai/testing/alertmanager';
import { requireServer } from '@zakupai/testing/require-server';
import { main } from '../main.ts';

const TEMPLATE = fileURLToPath(
  new URL('../../../../deploy/alertmanager/alertmanager.tmpl.yml', import.meta.url),
);
const TOKEN = '7012345678:AAH-cli_test_token_0123456789abcdef';
const CHAT = '-1009876543210';

function setup(secrets: Record<string, string> = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: CHAT }) {
  const dir = mkdtempSync(join(tmpdir(), 'zk-amr-'));
  const secretsFile = join(dir, 'secrets.json');
  writeFileSync(secretsFile, JSON.stringify({ monitoring: secrets }), { mode: 0o600 });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io = {
    stdout,
    stderr,
    env: { ZAKUPAI_SECRETS_FILE: secretsFile, PATH: process.env.PATH } as Record<string, string | undefined>,
    cwd: dir,
    signal: new AbortController().signal,
  };
  return {
    dir,
    io,
    out: () => out,
    err: () => err,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
const mode = (p: string) => statSync(p).mode & 0o777;
type Tg = { bot_token?: string; bot_token_file?: string; chat_id: number };
const tg = (p: string) =>
  (parse(readFileSync(p, 'utf8')) as { receivers: { telegram_configs: Tg[] }[] }).receivers[0]!
    .telegram_configs[0]!;

describe('zakupai alertmanager render', () => {
  it('renders an inline-token config for 0.25 into a 0600 file and prints no secret', async () => {
    const s = setup();
    try {
      const render = (out: string) =>
        main(
          ['alertmanager', 'render', '--template', TEMPLATE, '--out', out, '--am-version', '0.25.0'],
          s.io,
        );
      assert.equal(await render('nodir/a.yml'), 2);
      assert.match(s.err(), /--out: directory .*nodir does not exist/);
      const code2 = await render('alertmanager.yml');
      assert.equal(code2, 0, s.err());
      const out = join(s.dir, 'alertmanager.yml');
      assert.equal(mode(out), 0o600);
      assert.equal(tg(out).bot_token, TOKEN);
      assert.equal(tg(out).chat_id, Number(CHAT));
      assert.match(s.out(), /token inline; Alertmanager 0\.25\.0 from --am-version/);
      assert.ok(!s.out().includes(TOKEN) && !s.err().includes(TOKEN));
    } finally {
      s.cleanup();
    }
  });

  it('writes bot_token_file and a 0600 token file for Alertmanager 0.26+', async () => {
    const s = setup();
    try {
      const code = await main(
        [
          'alertmanager',
          'render',
          '--template',
          TEMPLATE,
          '--out',
          'alertmanager.yml',
          '--am-version',
          'v0.27.0',
        ],
        s.io,
      );
      assert.equal(code, 0, s.err());
      const out = join(s.dir, 'alertmanager.yml');
      const tokenFile = join(s.dir, 'telegram-bot-token');
      assert.equal(tg(out).bot_token_file, tokenFile);
      assert.ok(!readFileSync(out, 'utf8').includes(TOKEN));
      assert.equal(readFileSync(tokenFile, 'utf8').trim(), TOKEN);
      assert.equal(mode(tokenFile), 0o600);
      assert.equal(mode(out), 0o600);
    } finally {
      s.cleanup();
    }
  });

  it('asks a running Alertmanager for its version when no flag is given', async (t) => {
    if (!requireServer(t, alertmanagerAvailable(), 'prometheus-alertmanager')) return;
    const am = await startAlertmanager({ config: 'route: {receiver: x}\nreceivers: [{name: x}]\n' });
    const s = setup();
    try {
      const code = await main(
        ['alertmanager', 'render', '--template', TEMPLATE, '--out', 'a.yml', '--alertmanager-url', am.url],
        s.io,
      );
      assert.equal(code, 0, s.err());
      assert.match(s.out(), /token inline; Alertmanager 0\.\d+\.\d+ from running Alertmanager/);
    } finally {
      s.cleanup();
      await am.stop();
    }
  });

  it('fails naming the missing key, never a value, and writes nothing', async () => {
    const s = setup({ TELEGRAM_BOT_TOKEN: TOKEN });
    try {
      const code = await main(
        ['alertmanager', 'render', '--template', TEMPLATE, '--out', 'a.yml', '--am-version', '0.25.0'],
        s.io,
      );
      assert.notEqual(code, 0);
      assert.match(s.err(), /TELEGRAM_CHAT_ID/);
      assert.ok(!s.err().includes(TOKEN));
      assert.throws(() => statSync(join(s.dir, 'a.yml')), /ENOENT/);
    } finally {
      s.cleanup();
    }
  });

  it('rejects a malformed token by name (exit 2) and missing flags', async () => {
    const s = setup({ TELEGRAM_BOT_TOKEN: 'not-a-token-value', TELEGRAM_CHAT_ID: CHAT });
    try {
      assert.equal(
        await main(
          ['alertmanager', 'render', '--template', TEMPLATE, '--out', 'a.yml', '--am-version', '0.25.0'],
          s.io,
        ),
        2,
      );
      assert.match(s.err(), /TELEGRAM_BOT_TOKEN in zakupai\/monitoring is not a Telegram bot token/);
      assert.ok(!s.err().includes('not-a-token-value'));
      assert.equal(await main(['alertmanager', 'render', '--out', 'a.yml'], s.io), 2);
      assert.match(s.err(), /missing --template/);
      assert.equal(
        await main(
          ['alertmanager', 'render', '--template', TEMPLATE, '--out', 'a.yml', '--am-version', 'latest'],
          s.io,
        ),
        2,
      );
      assert.match(s.err(), /--am-version must look like/);
    } finally {
      s.cleanup();
    }
  });
});

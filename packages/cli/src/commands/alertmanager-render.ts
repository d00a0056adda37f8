import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validationError } from '@zakupai/errors';
import {
  Redactor,
  createSecretSource,
  loadSecrets,
  secretTimingFromEnv,
  serviceSecrets,
} from '@zakupai/secrets';
import type { CliIo } from '../io.ts';
import { versionFromApi, versionFromBinary, type Version } from '../alertmanager/detect-version.ts';
import { writePrivateFile } from '../alertmanager/private-file.ts';
import { reloadAlertmanager } from '../alertmanager/reload.ts';
import {
  renderAlertmanagerConfig,
  type MonitoringSecrets,
  type TokenMode,
} from '../alertmanager/render-config.ts';
import { parseAlertmanagerVersion, tokenModeFor } from '../alertmanager/version.ts';

const usage = `usage: zakupai alertmanager render --template T --out F [--watch]
    [--am-version X.Y.Z] [--token-file PATH] [--alertmanager-url URL]
  Fills TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID from Vault zakupai/monitoring (or ZAKUPAI_SECRETS_FILE) into F (0600).
  Alertmanager >= 0.26 gets bot_token_file (the token in --token-file, default F's dir/telegram-bot-token);
  0.25 gets the token inline. The version comes from --am-version, else the running Alertmanager, else a local binary.
  --watch re-renders when the secrets change (every VAULT_REFRESH_INTERVAL) and POSTs /-/reload to
  --alertmanager-url (default $ALERTMANAGER_URL or http://127.0.0.1:9093).
  Other \${NAME:-default} placeholders in T are filled from the environment (never secrets).
`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      template: { type: 'string' },
      out: { type: 'string' },
      watch: { type: 'boolean', default: false },
      'am-version': { type: 'string' },
      'token-file': { type: 'string' },
      'alertmanager-url': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(usage);
    return 0;
  }
  if (!values.template)
    throw validationError('--template', 'missing --template T (the Alertmanager config template)');
  if (!values.out) throw validationError('--out', 'missing --out F (where the rendered config goes)');
  const templatePath = resolve(io.cwd, values.template);
  const out = resolve(io.cwd, values.out);
  const tokenFile = resolve(io.cwd, values['token-file'] ?? `${dirname(out)}/telegram-bot-token`);
  const amUrl = values['alertmanager-url'] ?? io.env.ALERTMANAGER_URL ?? 'http://127.0.0.1:9093';
  const template = await readFile(templatePath, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw validationError(
      '--template',
      `cannot read template ${values.template} (${e.code ?? 'unreadable'})`,
    );
  });

  for (const [flag, p] of [
    ['--out', out],
    ['--token-file', tokenFile],
  ] as const) {
    if (
      !(await stat(dirname(p)).then(
        (st) => st.isDirectory(),
        () => false,
      ))
    ) {
      throw validationError(flag, `${flag}: directory ${dirname(p)} does not exist`);
    }
  }
  const { mode, why } = await chooseTokenMode(values['am-version'], amUrl);
  const timing = secretTimingFromEnv(io.env);
  const store = await loadSecrets({
    declarations: serviceSecrets.monitoring,
    source: createSecretSource(io.env, 'monitoring'),
    redactor: new Redactor(),
    startupTimeoutMs: timing.startupTimeoutMs,
    refreshIntervalMs: values.watch ? timing.refreshIntervalMs : 0,
    onEvent: (e) => {
      if (e.type === 'refresh-failed')
        io.stderr.write(`alertmanager render: refresh failed (${e.code}), keeping the last config\n`);
      if (e.type === 'recovered') io.stderr.write('alertmanager render: secrets readable again\n');
    },
  });

  const renderOnce = async (secrets: MonitoringSecrets) => {
    const rendered = renderAlertmanagerConfig(template, {
      secrets,
      settings: io.env,
      tokenMode: mode,
      botTokenFile: tokenFile,
    });
    if (rendered.tokenFile !== undefined) await writePrivateFile(tokenFile, `${rendered.tokenFile}\n`);
    await writePrivateFile(out, rendered.config);
  };

  try {
    await renderOnce(store.snapshot());
    const where = mode === 'file' ? `token in ${tokenFile}` : 'token inline';
    io.stdout.write(`rendered ${out} (mode 0600, ${where}; ${why})\n`);
    if (!values.watch) return 0;

    io.stdout.write(`watching zakupai/monitoring; reloading ${amUrl} on change\n`);
    store.onChange(async (changed, s) => {
      try {
        await renderOnce(s.snapshot());
        await reloadAlertmanager(amUrl);
        io.stdout.write(`re-rendered ${out} (${changed.join(', ')} changed) and reloaded Alertmanager\n`);
      } catch (e) {
        io.stderr.write(`alertmanager render: ${e instanceof Error ? e.message.split('\n')[0] : 'failed'}\n`);
        throw e; // the store calls this listener again on the next refresh
      }
    });
    await new Promise<void>((done) => {
      if (io.signal.aborted) return done();
      io.signal.addEventListener('abort', () => done(), { once: true });
    });
    return 0;
  } finally {
    await store.close();
  }
}

async function chooseTokenMode(
  flag: string | undefined,
  amUrl: string,
): Promise<{ mode: TokenMode; why: string }> {
  let v: Version | undefined;
  let from: string;
  if (flag !== undefined) {
    v = parseAlertmanagerVersion(flag);
    if (!v) throw validationError('--am-version', '--am-version must look like 0.25.0');
    from = '--am-version';
  } else if ((v = await versionFromApi(amUrl))) {
    from = 'running Alertmanager';
  } else if ((v = await versionFromBinary())) {
    from = 'local binary';
  } else {
    return { mode: 'inline', why: 'Alertmanager version unknown: inline token works on every version' };
  }
  return { mode: tokenModeFor(v), why: `Alertmanager ${v.join('.')} from ${from}` };
}

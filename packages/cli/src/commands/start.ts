import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ZakError } from '@zakupai/errors';
import type { RawEnv, RunningService } from '@zakupai/kit';
import { ensureDevSecrets } from '@zakupai/secrets';
import type { Command } from '../io.ts';

type Start = (env: RawEnv) => Promise<RunningService>;

/**
 * Start order: the services the gateway proxies come first, the gateway last; etl before risk, so that in dev mode
 * the sample is loaded when risk starts scoring it.
 */
const services: Record<string, () => Promise<{ start: Start }>> = {
  calc: () => import('@zakupai/calc'),
  etl: () => import('@zakupai/etl'),
  risk: () => import('@zakupai/risk'),
  billing: () => import('@zakupai/billing'),
  gateway: () => import('@zakupai/gateway'),
};

/**
 * `zakupai start [service…]`: starts the named services (all by default) in this process and stops them on
 * SIGINT/SIGTERM. With neither VAULT_ADDR nor ZAKUPAI_SECRETS_FILE set it is dev mode: generated secrets in
 * `.zakupai/dev-secrets.json` (0600) and the embedded PostgreSQL, said plainly at start.
 */
export const run: Command = async (argv, io) => {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const names = positionals.length > 0 ? positionals : Object.keys(services);
  for (const n of names) {
    if (!services[n]) {
      throw new ZakError(
        'ZAK_CLI_UNKNOWN_SERVICE',
        'validation',
        `unknown service "${n}" (known: ${Object.keys(services).join(', ')})`,
      );
    }
  }
  const env: Record<string, string | undefined> = { ...io.env };
  if (!env.VAULT_ADDR && !env.ZAKUPAI_SECRETS_FILE) {
    const dev = await ensureDevSecrets(join(io.cwd, '.zakupai'));
    env.ZAKUPAI_SECRETS_FILE = dev.file;
    // The real portal is not reachable from a laptop without a token: no scheduled sync unless asked for.
    env.ETL_SCHEDULE ??= 'off';
    env.ETL_IMPORT_SAMPLE ??= 'if-empty';
    // …and risk scores it once, in the background, so anti_dumping_ratio on :9102 shows the sample's value.
    env.RISK_SCORE_STORED ??= 'if-unscored';
    io.stderr.write(
      [
        '',
        '  ZakupAI is in DEV MODE: neither VAULT_ADDR nor ZAKUPAI_SECRETS_FILE is set.',
        `  Secrets: ${dev.file} (generated${dev.created ? ' now' : ' earlier'}, mode 0600). Not for production.`,
        `  Database: embedded PostgreSQL (PGlite) under ${join(io.cwd, '.zakupai', 'pgdata')}.`,
        '',
        '',
      ].join('\n'),
    );
  }
  const running: RunningService[] = [];
  const stopAll = async () => {
    for (const s of running.reverse()) await s.stop().catch(() => {});
  };
  try {
    for (const n of names) {
      const { start } = await services[n]!();
      const svc = await start(env);
      running.push(svc);
      io.stdout.write(`${n.padEnd(8)} ${svc.url}  (metrics ${svc.metricsUrl})\n`);
    }
  } catch (e) {
    await stopAll();
    throw e;
  }
  io.stdout.write('ready; press Ctrl-C to stop\n');
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stdout.write('stopping\n');
  await stopAll();
  return 0;
};

import { isZakError } from '@zakupai/errors';
import type { CliIo, Command } from './io.ts';

/** Each entry loads lazily, so one command's dependencies never slow or break another. */
const commands: Record<string, () => Promise<{ run: Command }>> = {
  start: () => import('./commands/start.ts'),
  'vault status': () => import('./commands/vault-status.ts'),
  'vault bootstrap': () => import('./commands/vault-bootstrap.ts'),
  'secrets check': () => import('./commands/secrets-check.ts'),
  'secrets import-env': () => import('./commands/secrets-import-env.ts'),
  'alertmanager render': () => import('./commands/alertmanager-render.ts'),
  'etl sync': () => import('./commands/etl-sync.ts'),
  'keys create': () => import('./commands/keys.ts'),
  'keys list': () => import('./commands/keys.ts'),
  'keys revoke': () => import('./commands/keys.ts'),
};

const usage = `usage: zakupai <command>
  start [service…]                     start the platform (dev mode when neither VAULT_ADDR nor ZAKUPAI_SECRETS_FILE is set)
  vault status                         Vault address, seal state, version and this token's TTL and policies
  vault bootstrap --out DIR            mount KV v2, enable AppRole, write policies, roles and credentials (idempotent)
  secrets check [--service S]          check that every required key exists (names and versions only)
  secrets import-env FILE --service S [--shred]
  alertmanager render --template T --out F [--watch]
  etl sync [--entity E…] [--since DATE] [--from-file F]
  keys create|list|revoke …            API keys (billing admin)
`;

/** Runs one CLI invocation and returns its exit code. Never prints a stack trace for expected failures. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [a = '', b = ''] = argv;
  const two = `${a} ${b}`;
  const name = commands[two] ? two : commands[a] ? a : undefined;
  if (!name || a === '--help' || a === '-h') {
    (name ? io.stdout : io.stderr).write(usage);
    return a === '--help' || a === '-h' ? 0 : 2;
  }
  const rest = argv.slice(name.split(' ').length);
  try {
    const mod = await commands[name]!();
    return await mod.run(name.startsWith('keys ') ? [b, ...rest] : rest, io);
  } catch (e) {
    if (isZakError(e)) {
      io.stderr.write(`zakupai ${name}: ${e.code}: ${e.message}\n`);
      return e.kind === 'validation' || e.kind === 'config' ? 2 : 1;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr.write(`zakupai ${name}: unexpected error: ${msg.split('\n')[0]}\n`);
    return 1;
  }
}

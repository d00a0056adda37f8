import { randomBytes } from 'node:crypto';
import { open, readFile, unlink } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ZakError, isZakError, validationError } from '@zakupai/errors';
import { isServiceName, parseDotenv, serviceNames, serviceSecrets } from '@zakupai/secrets';
import { VaultClient, VaultCode, vaultConfigFromEnv } from '@zakupai/vault';
import type { Command } from '../io.ts';

/**
 * `zakupai secrets import-env FILE --service S [--shred]`: parses FILE strictly, merges its keys into
 * `<mount>/<S>` with check-and-set, reads the new version back and compares, and only then (with --shred)
 * overwrites and deletes FILE. Prints key names only.
 */
export const run: Command = async (argv, io) => {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { service: { type: 'string' }, shred: { type: 'boolean', default: false } },
    }));
  } catch (e) {
    throw validationError('argv', (e as Error).message);
  }
  if (positionals.length !== 1)
    throw validationError('FILE', 'usage: secrets import-env FILE --service S [--shred]');
  const service = values.service;
  if (!service) throw validationError('--service', '--service S is required');
  if (!isServiceName(service))
    throw validationError('--service', `unknown service "${service}" (one of: ${serviceNames.join(', ')})`);
  const file = resolve(io.cwd, positionals[0]!);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw validationError(
      'FILE',
      `${positionals[0]} cannot be read (${(e as { code?: string }).code ?? 'error'})`,
    );
  }
  const entries = parseDotenv(text, basename(file));
  if (entries.size === 0) throw validationError('FILE', `${positionals[0]} holds no KEY=VALUE lines`);
  const imported = Object.fromEntries(entries);

  const cfg = vaultConfigFromEnv(io.env);
  const client = new VaultClient({ ...cfg.options, autoRenew: false });
  const kv = client.kv(cfg.kvMount);
  const where = `${cfg.kvMount}/${service}`;
  try {
    const meta = await kv.metadata(service);
    const cas = meta?.current_version ?? 0;
    let existing: Record<string, unknown> = {};
    if (cas > 0) {
      existing = await kv.read(service).then(
        (s) => s.data,
        (e: unknown) => {
          if (isZakError(e) && e.code === VaultCode.versionDeleted) return {};
          throw e;
        },
      );
    }
    const written = await kv.write(service, { ...existing, ...imported }, { cas }).catch((e: unknown) => {
      if (isZakError(e) && e.code === VaultCode.casMismatch) {
        throw new ZakError(
          'ZAK_SECRETS_CONCURRENT_CHANGE',
          'conflict',
          `${where} changed during the import; nothing was deleted, run it again`,
        );
      }
      throw e;
    });
    const back = await kv.read(service, { version: written.version });
    const differs = Object.keys(imported).filter((k) => back.data[k] !== imported[k]);
    if (differs.length) {
      throw new ZakError(
        'ZAK_SECRETS_VERIFY_FAILED',
        'upstream',
        `${where} version ${written.version} differs for ${differs.join(', ')}; ${positionals[0]} was kept`,
      );
    }
    io.stdout.write(
      `imported ${Object.keys(imported).join(', ')} into ${where} (version ${written.version}); read back and verified\n`,
    );
    const declared = serviceSecrets[service].keys as readonly string[];
    const extra = Object.keys(imported).filter((k) => !declared.includes(k));
    if (extra.length) io.stdout.write(`note: not declared for ${service}: ${extra.join(', ')}\n`);
    const lacking = declared.filter((k) => back.data[k] === undefined || back.data[k] === '');
    if (lacking.length) io.stdout.write(`note: ${where} still lacks ${lacking.join(', ')}\n`);
  } finally {
    await client.close();
  }
  if (values.shred) {
    await shred(file);
    io.stdout.write(`shredded and deleted ${positionals[0]}\n`);
  }
  return 0;
};

/** Overwrites the file with random bytes and syncs before unlinking (best effort on journaling/COW filesystems). */
async function shred(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    const { size } = await fh.stat();
    await fh.write(randomBytes(Math.max(size, 1)), 0, Math.max(size, 1), 0);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await unlink(path);
}

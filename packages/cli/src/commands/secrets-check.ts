import { parseArgs } from 'node:util';
import { isZakError, validationError } from '@zakupai/errors';
import { createSecretSource, isServiceName, serviceNames, serviceSecrets } from '@zakupai/secrets';
import type { Command } from '../io.ts';

/**
 * `zakupai secrets check [--service S]`: every declared key exists. Prints key names and versions, never values.
 * Exit 1 naming what is missing; a Vault failure is one line.
 */
export const run: Command = async (argv, io) => {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { service: { type: 'string', multiple: true } },
    }));
  } catch (e) {
    throw validationError('argv', (e as Error).message);
  }
  const services = values.service ?? serviceNames;
  for (const s of services) {
    if (!isServiceName(s))
      throw validationError('--service', `unknown service "${s}" (one of: ${serviceNames.join(', ')})`);
  }
  const source = createSecretSource(io.env, 'cli');
  const missing: string[] = [];
  try {
    for (const service of services) {
      if (!isServiceName(service)) continue;
      const keys = serviceSecrets[service].keys as readonly string[];
      const where = source.describe(service);
      let present: Readonly<Record<string, string>> = {};
      let version = '';
      try {
        const r = await source.read(service);
        present = r.values;
        version = r.version === undefined ? '' : ` (version ${r.version})`;
      } catch (e) {
        const absent =
          isZakError(e) &&
          (e.code === 'ZAK_VAULT_NOT_FOUND' ||
            e.code === 'ZAK_SECRETS_NOT_FOUND' ||
            e.code === 'ZAK_VAULT_VERSION_DELETED');
        if (!absent) throw e;
        version = e.code === 'ZAK_VAULT_VERSION_DELETED' ? ' (latest version deleted)' : ' (path absent)';
      }
      const gaps = keys.filter((k) => !present[k]);
      const marks = keys.map((k) => `${k} ${present[k] ? 'ok' : 'MISSING'}`).join(', ');
      io.stdout.write(`${where}${version}: ${marks}\n`);
      if (gaps.length) missing.push(`${where}: ${gaps.join(', ')}`);
    }
  } finally {
    await source.close();
  }
  if (missing.length) {
    io.stderr.write(`missing: ${missing.join('; ')}\n`);
    return 1;
  }
  return 0;
};

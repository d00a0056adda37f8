import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validationError } from '@zakupai/errors';
import { isServiceName, serviceNames } from '@zakupai/secrets';
import { VaultClient, bootstrapVault, roleName, vaultConfigFromEnv } from '@zakupai/vault';
import type { Command } from '../io.ts';

/**
 * `zakupai vault bootstrap --out DIR`: KV v2 at `zakupai`, AppRole, policy and role per service, and each
 * service's role_id and secret_id in DIR/<service>/ (0600). Idempotent: a still-valid secret_id is kept unless
 * `--rotate-secret-ids`. Needs a privileged VAULT_TOKEN. Never prints a credential.
 */
export const run: Command = async (argv, io) => {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        mount: { type: 'string' },
        service: { type: 'string', multiple: true },
        'token-ttl': { type: 'string', default: '1h' },
        'token-max-ttl': { type: 'string', default: '24h' },
        'secret-id-ttl': { type: 'string', default: '0' },
        'rotate-secret-ids': { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw validationError('argv', (e as Error).message);
  }
  if (!values.out)
    throw validationError('--out', '--out DIR is required (where each service gets role_id and secret_id)');
  const services = values.service ?? serviceNames;
  for (const s of services) {
    if (!isServiceName(s))
      throw validationError('--service', `unknown service "${s}" (one of: ${serviceNames.join(', ')})`);
  }
  const cfg = vaultConfigFromEnv(io.env);
  const mount = values.mount ?? cfg.kvMount;
  const outDir = resolve(io.cwd, values.out);
  const client = new VaultClient({ ...cfg.options, autoRenew: false });
  const say = (s: string) => io.stdout.write(`${s}\n`);
  try {
    const report = await bootstrapVault(client, {
      mount,
      services,
      tokenTtl: values['token-ttl'],
      tokenMaxTtl: values['token-max-ttl'],
      secretIdTtl: values['secret-id-ttl'],
    });
    say(`vault ${client.addr}`);
    say(`mount ${report.mount.path} (kv v2): ${report.mount.outcome}`);
    say(`auth ${report.approle.path} (approle): ${report.approle.outcome}`);
    await mkdir(outDir, { recursive: true, mode: 0o700 });
    const approle = client.approle();
    for (const s of report.services) {
      const dir = join(outDir, s.service);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      const roleIdOutcome = await writeSecretFile(
        join(dir, 'role_id'),
        await approle.roleId(roleName(s.service)),
      );
      const sidFile = join(dir, 'secret_id');
      const old = await readFile(sidFile, 'utf8').then(
        (t) => t.trim(),
        () => undefined,
      );
      let sidOutcome: string;
      if (!values['rotate-secret-ids'] && old && (await approle.secretIdValid(roleName(s.service), old))) {
        await chmod(sidFile, 0o600);
        sidOutcome = 'kept';
      } else {
        const minted = await approle.generateSecretId(roleName(s.service), {
          metadata: { service: s.service },
        });
        if (!('secretId' in minted)) throw new Error('unexpected wrapped secret_id');
        await writeSecretFile(sidFile, minted.secretId);
        sidOutcome = old ? 'replaced' : 'created';
        // A rotated secret_id stops working; one that was already invalid has nothing left to destroy.
        if (old) await approle.destroySecretId(roleName(s.service), old).catch(() => undefined);
      }
      say(
        `${s.service}: policy ${s.policy} ${s.policyOutcome}, role ${s.role} ${s.roleOutcome}, ` +
          `role_id ${roleIdOutcome}, secret_id ${sidOutcome}`,
      );
    }
    say(`credentials: ${outDir}/<service>/{role_id,secret_id} (mode 0600)`);
    return 0;
  } finally {
    await client.close();
  }
};

/** Writes atomically with mode 0600; reports whether the content changed. */
async function writeSecretFile(path: string, value: string): Promise<'written' | 'unchanged'> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current?.trim() === value) {
    await chmod(path, 0o600);
    return 'unchanged';
  }
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${value}\n`, { mode: 0o600 });
  await rename(tmp, path);
  return 'written';
}

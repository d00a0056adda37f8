import { parseArgs } from 'node:util';
import { validationError } from '@zakupai/errors';
import { VaultClient, isVaultError, vaultConfigFromEnv } from '@zakupai/vault';
import type { Command } from '../io.ts';

export function formatTtl(seconds: number | undefined): string {
  if (seconds === undefined) return 'unknown';
  if (seconds === 0 || seconds === Infinity) return 'never expires';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].join('');
}

/**
 * `zakupai vault status`: address, initialised, sealed, version, HA role, and this token's TTL and policies.
 * Exit 0 only when Vault is usable: reachable, initialised, unsealed, active or standby, with a valid token.
 */
export const run: Command = async (argv, io) => {
  try {
    parseArgs({ args: argv, options: {}, strict: true, allowPositionals: false });
  } catch (e) {
    throw validationError('argv', (e as Error).message);
  }
  const cfg = vaultConfigFromEnv(io.env);
  // A token from the environment is the operator's and is kept; an AppRole login made here is revoked on close.
  const client = new VaultClient({ ...cfg.options, autoRenew: false, maxRetries: 1 });
  const out = (label: string, value: string) => io.stdout.write(`${`${label}:`.padEnd(14)}${value}\n`);
  try {
    out('address', client.addr);
    const h = await client.sys.health();
    out('initialized', String(h.initialized));
    out('sealed', String(h.sealed));
    out('version', h.version ?? 'unknown');
    let ha: string = h.role;
    try {
      const leader = await client.sys.leader();
      if (!leader.haEnabled && h.role === 'active') ha = 'active (HA disabled)';
    } catch {
      /* sys/leader fails while sealed; the health role says enough */
    }
    out('ha role', ha);
    if (h.clusterName) out('cluster', h.clusterName);
    let usable = h.initialized && !h.sealed;
    if (!cfg.options.auth) {
      out('token', 'none (set VAULT_TOKEN or VAULT_TOKEN_FILE)');
      usable = false;
    } else if (h.initialized && !h.sealed) {
      try {
        const info = await client.login();
        out(
          'token ttl',
          `${formatTtl(info.expiresAt === undefined ? Infinity : info.ttlSeconds)}${info.renewable ? ' (renewable)' : ''}`,
        );
        out('policies', info.policies.join(', ') || '(none)');
      } catch (e) {
        out('token', isVaultError(e) ? `unusable (${e.code})` : 'unusable');
        usable = false;
      }
    } else {
      out('token', 'not checked (vault is not usable)');
    }
    io.stdout.write(usable ? 'status: usable\n' : '');
    if (!usable) io.stderr.write('vault status: not usable\n');
    return usable ? 0 : 1;
  } finally {
    await client.close();
  }
};

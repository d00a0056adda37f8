import type { VaultClient } from './client.ts';
import { parseDurationMs } from './env.ts';
import { VaultCode, VaultError } from './errors.ts';

export interface BootstrapOptions {
  /** KV v2 mount, default `zakupai`. */
  mount?: string;
  /** Paths/services to provision, e.g. calc risk etl billing gateway monitoring. */
  services: readonly string[];
  /** AppRole token TTL and max TTL (SPEC default 1h / 24h). */
  tokenTtl?: string;
  tokenMaxTtl?: string;
  /** secret_id lifetime; `0` = no expiry (services re-login with it at max TTL, so it must outlive tokens). */
  secretIdTtl?: string;
  approleMount?: string;
}

export type Outcome = 'created' | 'updated' | 'unchanged';

export interface BootstrapReport {
  mount: { path: string; outcome: 'created' | 'unchanged' };
  approle: { path: string; outcome: 'created' | 'unchanged' };
  services: { service: string; policy: string; policyOutcome: Outcome; role: string; roleOutcome: Outcome }[];
}

/** Policy and role name for a service (SPEC.md: `zakupai-<service>`). */
export const roleName = (service: string) => `zakupai-${service}`;

/** Least privilege: read the service's own KV v2 path and its metadata, nothing else. */
export function servicePolicy(mount: string, service: string): string {
  return [
    `# ${roleName(service)}: read-only access to ${mount}/${service} (KV v2). Written by zakupai vault bootstrap.`,
    `path "${mount}/data/${service}" {`,
    `  capabilities = ["read"]`,
    `}`,
    `path "${mount}/metadata/${service}" {`,
    `  capabilities = ["read"]`,
    `}`,
    '',
  ].join('\n');
}

/**
 * Idempotent Vault setup: KV v2 at the mount (a KV v1 mount there is reported, never changed), AppRole,
 * one policy and one AppRole per service. Credentials (role_id, secret_id) are handled by the caller.
 */
export async function bootstrapVault(client: VaultClient, opts: BootstrapOptions): Promise<BootstrapReport> {
  const mount = (opts.mount ?? 'zakupai').replace(/^\/+|\/+$/g, '');
  const approleMount = (opts.approleMount ?? 'approle').replace(/^\/+|\/+$/g, '');
  const tokenTtl = opts.tokenTtl ?? '1h';
  const tokenMaxTtl = opts.tokenMaxTtl ?? '24h';
  const secretIdTtl = opts.secretIdTtl ?? '0';
  const ttlS = parseDurationMs('--token-ttl', tokenTtl, 0) / 1000;
  const maxS = parseDurationMs('--token-max-ttl', tokenMaxTtl, 0) / 1000;
  const sidS = parseDurationMs('--secret-id-ttl', secretIdTtl, 0) / 1000;
  if (ttlS <= 0 || maxS < ttlS) {
    throw new VaultError(
      VaultCode.config,
      'validation',
      'token TTL must be positive and not above the max TTL',
    );
  }

  const report: BootstrapReport = {
    mount: { path: `${mount}/`, outcome: 'unchanged' },
    approle: { path: `${approleMount}/`, outcome: 'unchanged' },
    services: [],
  };

  const existing = await client.sys.mount(mount);
  if (!existing) {
    await client.sys.enableMount(mount, {
      type: 'kv',
      options: { version: '2' },
      description: 'ZakupAI service secrets (KV v2)',
    });
    report.mount.outcome = 'created';
  } else if (existing.type !== 'kv') {
    throw new VaultError(
      VaultCode.mountConflict,
      'config',
      `the mount ${mount}/ is a "${existing.type}" engine, not KV version 2; choose another VAULT_KV_MOUNT or move it`,
    );
  } else if (existing.options?.version !== '2') {
    throw new VaultError(
      VaultCode.kv1Mount,
      'config',
      `the mount ${mount}/ is KV version 1 (as made by "vault secrets enable -path=${mount} kv"), but ZakupAI needs ` +
        `KV version 2. Upgrade it in place, keeping its data: vault kv enable-versioning ${mount}/ — then run bootstrap again`,
    );
  }

  const auths = await client.sys.authMethods();
  const auth = auths.get(`${approleMount}/`);
  if (!auth) {
    await client.sys.enableAuth(approleMount, 'approle', 'ZakupAI services');
    report.approle.outcome = 'created';
  } else if (auth.type !== 'approle') {
    throw new VaultError(
      VaultCode.mountConflict,
      'config',
      `the auth path ${approleMount}/ is a "${auth.type}" method, not approle`,
    );
  }

  const approle = client.approle(approleMount);
  for (const service of opts.services) {
    const name = roleName(service);
    const policy = servicePolicy(mount, service);
    const current = await client.sys.readPolicy(name);
    const policyOutcome: Outcome =
      current === undefined ? 'created' : current === policy ? 'unchanged' : 'updated';
    if (policyOutcome !== 'unchanged') await client.sys.writePolicy(name, policy);

    const role = await approle.readRole(name);
    const wanted = {
      token_policies: [name],
      token_ttl: ttlS,
      token_max_ttl: maxS,
      token_type: 'service' as const,
      token_num_uses: 0,
      secret_id_ttl: sidS,
      secret_id_num_uses: 0,
      bind_secret_id: true,
    };
    const same =
      role !== undefined &&
      JSON.stringify(role.token_policies) === JSON.stringify(wanted.token_policies) &&
      role.token_ttl === ttlS &&
      role.token_max_ttl === maxS &&
      role.secret_id_ttl === sidS &&
      role.secret_id_num_uses === 0 &&
      role.token_num_uses === 0 &&
      role.bind_secret_id === true;
    const roleOutcome: Outcome = role === undefined ? 'created' : same ? 'unchanged' : 'updated';
    if (roleOutcome !== 'unchanged') await approle.writeRole(name, wanted);
    report.services.push({ service, policy: name, policyOutcome, role: name, roleOutcome });
  }
  return report;
}

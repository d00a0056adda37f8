import { randomBytes } from 'node:crypto';
import type { BaoServer } from './bao.ts';
import { plant } from './leak-audit.ts';

/** Setup helpers that talk to a test server with its root token through raw HTTP (independent of @zakupai/vault). */

async function must(
  bao: BaoServer,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) {
  const r = await bao.api(method, path, body, headers);
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function mountKv(bao: BaoServer, path: string, version: 1 | 2): Promise<void> {
  await must(bao, 'POST', `sys/mounts/${path}`, { type: 'kv', options: { version: String(version) } });
}

export async function enableAppRole(bao: BaoServer): Promise<void> {
  const r = await bao.api('GET', 'sys/auth');
  if (r.body?.data?.['approle/'] ?? r.body?.['approle/']) return;
  await must(bao, 'POST', 'sys/auth/approle', { type: 'approle' });
}

export async function writePolicy(bao: BaoServer, name: string, policy: string): Promise<void> {
  await must(bao, 'POST', `sys/policies/acl/${name}`, { policy });
}

/** A read-only policy on one KV v2 path. */
export const readPolicy = (mount: string, path: string) =>
  `path "${mount}/data/${path}" { capabilities = ["read"] }\npath "${mount}/metadata/${path}" { capabilities = ["read"] }\n`;

export interface TestRole {
  roleId: string;
  secretId: string;
}

/**
 * Creates an AppRole with chosen (or random) role_id and secret_id, so a restarted dev server can be
 * re-seeded with the same credentials.
 */
export async function createAppRole(
  bao: BaoServer,
  name: string,
  opts: { policies: string[]; tokenTtl?: string; tokenMaxTtl?: string; roleId?: string; secretId?: string },
): Promise<TestRole> {
  await enableAppRole(bao);
  await must(bao, 'POST', `auth/approle/role/${name}`, {
    token_policies: opts.policies,
    token_ttl: opts.tokenTtl ?? '1h',
    token_max_ttl: opts.tokenMaxTtl ?? '4h',
  });
  const roleId = opts.roleId ?? `role-${randomBytes(8).toString('hex')}`;
  const secretId = opts.secretId ?? `sid-${randomBytes(12).toString('hex')}`;
  plant(secretId);
  await must(bao, 'POST', `auth/approle/role/${name}/role-id`, { role_id: roleId });
  await must(bao, 'POST', `auth/approle/role/${name}/custom-secret-id`, { secret_id: secretId });
  return { roleId, secretId };
}

/** A response-wrapped secret_id for the role (what a trusted broker hands to an app). */
export async function wrappedSecretId(bao: BaoServer, role: string, ttl = '60s'): Promise<string> {
  const body = await must(
    bao,
    'POST',
    `auth/approle/role/${role}/secret-id`,
    {},
    { 'X-Vault-Wrap-TTL': ttl },
  );
  return body.wrap_info.token as string;
}

/** Writes a KV v2 secret and returns the new version. */
export async function putSecret(
  bao: BaoServer,
  mount: string,
  path: string,
  data: Record<string, unknown>,
): Promise<number> {
  plant(...Object.values(data).filter((v): v is string => typeof v === 'string'));
  const body = await must(bao, 'POST', `${mount}/data/${path}`, { data });
  return body.data.version as number;
}

/** A child token with the given policies and TTL. */
export async function createToken(
  bao: BaoServer,
  policies: string[],
  ttl = '1h',
): Promise<{ token: string; accessor: string }> {
  const body = await must(bao, 'POST', 'auth/token/create', { policies, ttl });
  return { token: body.auth.client_token, accessor: body.auth.accessor };
}

/** Whether a token accessor still names a live token. */
export async function accessorAlive(bao: BaoServer, accessor: string): Promise<boolean> {
  const r = await bao.api('POST', 'auth/token/lookup-accessor', { accessor });
  return r.status === 200;
}

import { VaultCode, VaultError, errorFromStatus } from './errors.ts';
import type { AuthedRequest } from './kv-v2.ts';
import type { AppRoleConfig } from './types.ts';

/** AppRole administration (what `vault bootstrap` needs). Login itself lives in the token keeper. */
export class AppRoleAdmin {
  readonly mount: string;
  readonly #request: AuthedRequest;

  constructor(mount: string, request: AuthedRequest) {
    this.mount = mount.replace(/^\/+|\/+$/g, '');
    this.#request = request;
  }

  async writeRole(name: string, cfg: AppRoleConfig): Promise<void> {
    await this.#call('POST', `auth/${this.mount}/role/${name}`, cfg);
  }

  /** The role's settings, or undefined when it does not exist. */
  async readRole(name: string): Promise<Record<string, unknown> | undefined> {
    const path = `auth/${this.mount}/role/${name}`;
    const res = await this.#request<Record<string, unknown>>({ method: 'GET', path });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw errorFromStatus('GET', path, res.status, res.body?.errors ?? []);
    return res.body?.data ?? {};
  }

  async roleId(name: string): Promise<string> {
    const res = await this.#call<{ role_id?: string }>('GET', `auth/${this.mount}/role/${name}/role-id`);
    const id = res.body?.data?.role_id;
    if (!id) throw badAnswer(`auth/${this.mount}/role/${name}/role-id`);
    return id;
  }

  /** Sets a chosen role_id (useful for re-seeding a test server). */
  async setRoleId(name: string, roleId: string): Promise<void> {
    await this.#call('POST', `auth/${this.mount}/role/${name}/role-id`, { role_id: roleId });
  }

  /**
   * Mints a secret_id. With `wrapTtl` (e.g. `'120s'`) Vault returns only a single-use wrapping token,
   * which the receiver exchanges through sys/wrapping/unwrap.
   */
  async generateSecretId(
    name: string,
    opts: { wrapTtl?: string; metadata?: Record<string, string> } = {},
  ): Promise<{ secretId: string; accessor: string | undefined } | { wrappingToken: string; ttl: number }> {
    const path = `auth/${this.mount}/role/${name}/secret-id`;
    const body = opts.metadata ? { metadata: JSON.stringify(opts.metadata) } : {};
    const headers = opts.wrapTtl ? { 'X-Vault-Wrap-TTL': opts.wrapTtl } : undefined;
    const res = await this.#call<{ secret_id?: string; secret_id_accessor?: string }>(
      'POST',
      path,
      body,
      headers,
    );
    if (opts.wrapTtl) {
      const w = res.body?.wrap_info;
      if (!w?.token) throw badAnswer(path);
      return { wrappingToken: w.token, ttl: w.ttl };
    }
    const id = res.body?.data?.secret_id;
    if (!id) throw badAnswer(path);
    return { secretId: id, accessor: res.body?.data?.secret_id_accessor };
  }

  /** Registers a chosen secret_id (custom-secret-id). */
  async setCustomSecretId(name: string, secretId: string): Promise<void> {
    await this.#call('POST', `auth/${this.mount}/role/${name}/custom-secret-id`, { secret_id: secretId });
  }

  /** Invalidates one secret_id (rotation). */
  async destroySecretId(name: string, secretId: string): Promise<void> {
    await this.#call('POST', `auth/${this.mount}/role/${name}/secret-id/destroy`, { secret_id: secretId });
  }

  /** Whether a secret_id is still valid for the role (not expired, not used up). */
  async secretIdValid(name: string, secretId: string): Promise<boolean> {
    const path = `auth/${this.mount}/role/${name}/secret-id/lookup`;
    const res = await this.#request<Record<string, unknown>>({
      method: 'POST',
      path,
      body: { secret_id: secretId },
    });
    if (res.status === 200 && res.body?.data) return true;
    if (res.status === 204 || res.status === 404) return false;
    // OpenBao/Vault answer an unknown secret_id with 204 or with a 4xx "failed to find"; both mean invalid.
    if (res.status === 400 || res.status === 500) return false;
    throw errorFromStatus('POST', path, res.status, res.body?.errors ?? []);
  }

  async #call<D = unknown>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) {
    const res = await this.#request<D>({ method, path, body, headers, retry: method === 'GET' });
    if (res.status >= 200 && res.status < 300) return res;
    throw errorFromStatus(method, path, res.status, res.body?.errors ?? [], res.retryAfter);
  }
}

function badAnswer(path: string): VaultError {
  return new VaultError(VaultCode.badResponse, 'upstream', `vault ${path}: answer lacks the expected field`, {
    path,
  });
}

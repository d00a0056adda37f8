import { VaultCode, VaultError, errorFromStatus } from './errors.ts';
import type { VaultRequest, VaultResponse } from './http.ts';
import type { KvMetadata, KvSecret, KvVersionMetadata, VaultEnvelope } from './types.ts';

/** An authenticated request function: the client adds the token and handles re-login. */
export type AuthedRequest = <D = unknown>(req: Omit<VaultRequest, 'token'>) => Promise<VaultResponse<D>>;

const WRONG_PATH_WARNING = 'invalid path for a versioned k/v';

/**
 * KV version 2 at one mount. Every path goes through the `data/` or `metadata/` sub-prefix.
 * The 404 answers are told apart (research/vault.md §1): absent key, deleted/destroyed version,
 * a v1-style path on a v2 mount, a v1 mount read as v2, and a missing mount.
 */
export class KvV2 {
  readonly mount: string;
  readonly #request: AuthedRequest;

  constructor(mount: string, request: AuthedRequest) {
    this.mount = mount.replace(/^\/+|\/+$/g, '');
    this.#request = request;
  }

  async read(path: string, opts: { version?: number } = {}): Promise<KvSecret> {
    const apiPath = `${this.mount}/data/${path}`;
    const query = opts.version === undefined ? undefined : { version: String(opts.version) };
    const res = await this.#request<{ data: Record<string, unknown> | null; metadata: KvVersionMetadata }>({
      method: 'GET',
      path: apiPath,
      query,
    });
    if (res.status === 200 && res.body?.data?.data) {
      return { data: res.body.data.data, metadata: res.body.data.metadata };
    }
    throw await this.#failure('GET', apiPath, res, path);
  }

  /** Writes a new version. `cas: 0` creates only; `cas: N` succeeds only if N is the current version. */
  async write(
    path: string,
    data: Record<string, unknown>,
    opts: { cas?: number } = {},
  ): Promise<KvVersionMetadata> {
    const apiPath = `${this.mount}/data/${path}`;
    const body = opts.cas === undefined ? { data } : { data, options: { cas: opts.cas } };
    const res = await this.#request<KvVersionMetadata>({ method: 'POST', path: apiPath, body, retry: false });
    if (res.status >= 200 && res.status < 300 && res.body?.data) return res.body.data;
    throw await this.#failure('POST', apiPath, res, path);
  }

  /** The key's metadata, or undefined when it was never written. */
  async metadata(path: string): Promise<KvMetadata | undefined> {
    const apiPath = `${this.mount}/metadata/${path}`;
    const res = await this.#request<KvMetadata>({ method: 'GET', path: apiPath });
    if (res.status === 200 && res.body?.data) return res.body.data;
    if (res.status === 404 && res.body?.errors?.length === 0) return undefined;
    throw await this.#failure('GET', apiPath, res, path);
  }

  /** Key names under a prefix (`sub/` for folders). An absent or empty prefix is `[]`, not an error. */
  async list(prefix = ''): Promise<string[]> {
    const p = prefix.replace(/^\/+|\/+$/g, '');
    const apiPath = p ? `${this.mount}/metadata/${p}/` : `${this.mount}/metadata/`;
    const res = await this.#request<{ keys: string[] }>({
      method: 'GET',
      path: apiPath,
      query: { list: 'true' },
    });
    if (res.status === 200) return res.body?.data?.keys ?? [];
    if (res.status === 404 && res.body?.errors?.length === 0) return [];
    throw await this.#failure('LIST', apiPath, res, p);
  }

  /** Soft-deletes the latest version (undeletable). */
  async deleteLatest(path: string): Promise<void> {
    await this.#ok('DELETE', `${this.mount}/data/${path}`, undefined);
  }

  async deleteVersions(path: string, versions: number[]): Promise<void> {
    await this.#ok('POST', `${this.mount}/delete/${path}`, { versions });
  }

  async undeleteVersions(path: string, versions: number[]): Promise<void> {
    await this.#ok('POST', `${this.mount}/undelete/${path}`, { versions });
  }

  async destroyVersions(path: string, versions: number[]): Promise<void> {
    await this.#ok('PUT', `${this.mount}/destroy/${path}`, { versions });
  }

  /** Removes the key with every version and its metadata. */
  async deleteAll(path: string): Promise<void> {
    await this.#ok('DELETE', `${this.mount}/metadata/${path}`, undefined);
  }

  async #ok(method: 'POST' | 'PUT' | 'DELETE', apiPath: string, body: unknown): Promise<void> {
    const res = await this.#request({ method, path: apiPath, body, retry: false });
    if (res.status < 200 || res.status >= 300) throw await this.#failure(method, apiPath, res, apiPath);
  }

  async #failure(op: string, apiPath: string, res: VaultResponse, keyPath: string): Promise<VaultError> {
    if (res.status !== 404)
      return errorFromStatus(op, apiPath, res.status, res.body?.errors ?? [], res.retryAfter);
    const shape = classifyKvNotFound(res.body);
    if (shape.kind === 'absent' && (await this.#isV1Mount(keyPath))) {
      return wrongPathV1(op, apiPath, this.mount);
    }
    return kvNotFoundError(op, apiPath, shape);
  }

  /** Asks which engine serves the path (the preflight the vault CLI does); any token with a capability there may. */
  async #isV1Mount(keyPath: string): Promise<boolean> {
    try {
      const res = await this.#request<{ type?: string; options?: Record<string, string> | null }>({
        method: 'GET',
        path: `sys/internal/ui/mounts/${this.mount}/${keyPath || ''}`.replace(/\/+$/, ''),
        retry: false,
      });
      const d = res.body?.data;
      return res.status === 200 && d?.type === 'kv' && d.options?.version !== '2';
    } catch {
      return false;
    }
  }
}

export type KvNotFoundShape =
  | { kind: 'absent' }
  | { kind: 'deleted'; version: number | undefined; deletionTime: string }
  | { kind: 'destroyed'; version: number | undefined }
  | { kind: 'wrong-path' }
  | { kind: 'mount-missing' }
  | { kind: 'other'; errors: string[] };

/** Classifies a KV v2 404 body by its shape (research/vault.md §1, the four 404 shapes). */
export function classifyKvNotFound(body: VaultEnvelope | undefined): KvNotFoundShape {
  if (!body) return { kind: 'other', errors: [] };
  if (Array.isArray(body.errors)) {
    if (body.errors.length === 0) return { kind: 'absent' };
    const text = body.errors.join(' ').toLowerCase();
    if (text.includes('no handler for route') || text.includes('unsupported path'))
      return { kind: 'mount-missing' };
    return { kind: 'other', errors: body.errors };
  }
  if (body.warnings?.some((w) => w.toLowerCase().includes(WRONG_PATH_WARNING))) return { kind: 'wrong-path' };
  const meta = (body.data as { metadata?: Partial<KvVersionMetadata> } | null | undefined)?.metadata;
  if (meta) {
    if (meta.destroyed) return { kind: 'destroyed', version: meta.version };
    if (meta.deletion_time)
      return { kind: 'deleted', version: meta.version, deletionTime: meta.deletion_time };
  }
  return { kind: 'absent' };
}

export function kvNotFoundError(op: string, apiPath: string, shape: KvNotFoundShape): VaultError {
  const where = `vault ${op} ${apiPath}`;
  const init = { status: 404, path: apiPath };
  switch (shape.kind) {
    case 'absent':
      return new VaultError(VaultCode.notFound, 'not_found', `${where}: no secret at this path`, {
        ...init,
        details: { reason: 'absent' },
      });
    case 'deleted':
    case 'destroyed':
      return new VaultError(
        VaultCode.versionDeleted,
        'not_found',
        `${where}: version ${shape.version ?? '?'} is ${shape.kind}`,
        { ...init, details: { reason: shape.kind, version: shape.version } },
      );
    case 'wrong-path':
      return new VaultError(
        VaultCode.wrongPathKv1,
        'config',
        `${where}: a KV v1-style path on a KV v2 mount (v2 paths go through data/ or metadata/)`,
        { ...init, details: { reason: 'v1-path-on-v2-mount' } },
      );
    case 'mount-missing':
      return new VaultError(
        VaultCode.mountMissing,
        'config',
        `${where}: no secrets engine is mounted there`,
        {
          ...init,
          details: { reason: 'mount-missing' },
        },
      );
    case 'other':
      return new VaultError(VaultCode.notFound, 'not_found', `${where}: not found`, {
        ...init,
        vaultErrors: shape.errors,
        details: { reason: 'other' },
      });
  }
}

function wrongPathV1(op: string, apiPath: string, mount: string): VaultError {
  return new VaultError(
    VaultCode.wrongPathKv1,
    'config',
    `vault ${op} ${apiPath}: the mount ${mount}/ is KV version 1, but ZakupAI reads KV version 2 ` +
      `(enable versioning: vault kv enable-versioning ${mount}/)`,
    { status: 404, path: apiPath, details: { reason: 'v1-mount' } },
  );
}

import { VaultCode, VaultError, errorFromStatus } from './errors.ts';
import type { VaultHttp } from './http.ts';
import type { AuthedRequest } from './kv-v2.ts';
import type { HealthStatus, MountInfo, SealStatus } from './types.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/**
 * Parses sys/health for every status Vault 1.17 or OpenBao may send (200, 429, 472, 473, 501, 503):
 * the body carries the state, the status only echoes it.
 */
export function parseHealth(status: number, json: unknown): HealthStatus {
  if (!json || typeof json !== 'object' || typeof (json as { sealed?: unknown }).sealed !== 'boolean') {
    throw new VaultError(
      VaultCode.badResponse,
      'upstream',
      `vault GET sys/health: unexpected answer (status ${status})`,
      {
        status,
        path: 'sys/health',
      },
    );
  }
  const b = json as Record<string, unknown>;
  const initialized = b.initialized === true;
  const sealed = b.sealed === true;
  const standby = b.standby === true;
  const performanceStandby = b.performance_standby === true || status === 473;
  const dr = str(b.replication_dr_mode);
  const role: HealthStatus['role'] = !initialized
    ? 'uninitialized'
    : sealed
      ? 'sealed'
      : dr === 'secondary' || status === 472
        ? 'dr-secondary'
        : performanceStandby
          ? 'perf-standby'
          : standby
            ? 'standby'
            : 'active';
  return {
    httpStatus: status,
    initialized,
    sealed,
    standby,
    performanceStandby,
    replicationDrMode: dr,
    replicationPerformanceMode: str(b.replication_performance_mode),
    version: str(b.version),
    clusterName: str(b.cluster_name),
    clusterId: str(b.cluster_id),
    serverTimeUtc: typeof b.server_time_utc === 'number' ? b.server_time_utc : undefined,
    role,
  };
}

/** The unauthenticated and the admin parts of `sys/`. */
export class VaultSys {
  readonly #http: VaultHttp;
  readonly #request: AuthedRequest;

  constructor(http: VaultHttp, request: AuthedRequest) {
    this.#http = http;
    this.#request = request;
  }

  /** Never throws on a Vault state (standby, sealed, uninitialized); only when Vault can't be reached. */
  async health(): Promise<HealthStatus> {
    const res = await this.#http.request({ method: 'GET', path: 'sys/health', retry: false });
    return parseHealth(res.status, res.json);
  }

  async sealStatus(): Promise<SealStatus> {
    const res = await this.#http.call({ method: 'GET', path: 'sys/seal-status', retry: false });
    const b = (res.json ?? {}) as Record<string, unknown>;
    return {
      type: str(b.type),
      initialized: b.initialized === true,
      sealed: b.sealed === true,
      threshold: num(b.t),
      shares: num(b.n),
      progress: num(b.progress),
      version: str(b.version),
      storageType: str(b.storage_type),
      clusterName: str(b.cluster_name),
    };
  }

  /** Whether HA is enabled and this node is the leader. Unauthenticated. */
  async leader(): Promise<{ haEnabled: boolean; isSelf: boolean | undefined }> {
    const res = await this.#http.call({ method: 'GET', path: 'sys/leader', retry: false });
    const b = (res.json ?? {}) as Record<string, unknown>;
    return {
      haEnabled: b.ha_enabled === true,
      isSelf: typeof b.is_self === 'boolean' ? b.is_self : undefined,
    };
  }

  /** Secrets engines by path (`zakupai/`). */
  async mounts(): Promise<Map<string, MountInfo>> {
    return mountMap((await this.#call('GET', 'sys/mounts')).json);
  }

  /** The mount at `path`, or undefined. */
  async mount(path: string): Promise<MountInfo | undefined> {
    return (await this.mounts()).get(`${path.replace(/^\/+|\/+$/g, '')}/`);
  }

  async enableMount(
    path: string,
    cfg: { type: string; options?: Record<string, string>; description?: string },
  ) {
    await this.#call('POST', `sys/mounts/${path}`, cfg);
  }

  async authMethods(): Promise<Map<string, MountInfo>> {
    return mountMap((await this.#call('GET', 'sys/auth')).json);
  }

  async enableAuth(path: string, type: string, description?: string): Promise<void> {
    await this.#call('POST', `sys/auth/${path}`, { type, description });
  }

  /** The ACL policy text, or undefined when absent. */
  async readPolicy(name: string): Promise<string | undefined> {
    const res = await this.#request<{ policy?: string; rules?: string }>({
      method: 'GET',
      path: `sys/policies/acl/${name}`,
    });
    if (res.status === 404) return undefined;
    if (res.status !== 200)
      throw errorFromStatus('GET', `sys/policies/acl/${name}`, res.status, res.body?.errors ?? []);
    return res.body?.data?.policy ?? res.body?.data?.rules;
  }

  async writePolicy(name: string, policy: string): Promise<void> {
    await this.#call('POST', `sys/policies/acl/${name}`, { policy });
  }

  async seal(): Promise<void> {
    await this.#call('POST', 'sys/seal');
  }

  async #call(method: 'GET' | 'POST', path: string, body?: unknown) {
    const res = await this.#request({ method, path, body, retry: method === 'GET' });
    if (res.status >= 200 && res.status < 300) return res;
    throw errorFromStatus(method, path, res.status, res.body?.errors ?? [], res.retryAfter);
  }
}

function mountMap(json: unknown): Map<string, MountInfo> {
  const root = (json ?? {}) as Record<string, unknown>;
  // sys/* answers repeat the fields at top level and under `data`; prefer `data`.
  const table = (root.data && typeof root.data === 'object' ? root.data : root) as Record<string, unknown>;
  const out = new Map<string, MountInfo>();
  for (const [path, v] of Object.entries(table)) {
    if (!path.endsWith('/') || !v || typeof v !== 'object') continue;
    const m = v as { type?: unknown; options?: unknown; description?: unknown };
    out.set(path, {
      path,
      type: typeof m.type === 'string' ? m.type : '',
      options: m.options && typeof m.options === 'object' ? (m.options as Record<string, string>) : null,
      description: typeof m.description === 'string' ? m.description : undefined,
    });
  }
  return out;
}

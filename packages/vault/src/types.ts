/** The response envelope (sdk/logical/translate_response.go). Every field is optional: docs and servers trim it. */
export interface VaultEnvelope<D = unknown> {
  request_id?: string;
  lease_id?: string;
  renewable?: boolean;
  lease_duration?: number;
  data?: D | null;
  wrap_info?: WrapInfo | null;
  warnings?: string[] | null;
  auth?: VaultAuthBlock | null;
  errors?: string[];
  mount_type?: string;
}

export interface WrapInfo {
  token: string;
  accessor?: string;
  ttl: number;
  creation_time?: string;
  creation_path?: string;
}

export interface VaultAuthBlock {
  client_token: string;
  accessor?: string;
  policies?: string[];
  token_policies?: string[];
  lease_duration: number;
  renewable: boolean;
  token_type?: string;
  num_uses?: number;
}

/** What the client knows about its current token. Never includes the token itself. */
export interface TokenInfo {
  accessor: string | undefined;
  policies: string[];
  /** Seconds; 0 means the token never expires (root-like). */
  ttlSeconds: number;
  renewable: boolean;
  /** Epoch ms when the token expires; undefined when it never does. */
  expiresAt: number | undefined;
}

export interface KvMetadataVersion {
  created_time: string;
  deletion_time: string;
  destroyed: boolean;
}

export interface KvVersionMetadata {
  created_time: string;
  custom_metadata: Record<string, string> | null;
  deletion_time: string;
  destroyed: boolean;
  version: number;
}

export interface KvSecret {
  /** Values as stored; KV allows any JSON type, not only strings. */
  data: Record<string, unknown>;
  metadata: KvVersionMetadata;
}

export interface KvMetadata {
  current_version: number;
  oldest_version: number;
  max_versions: number;
  cas_required: boolean;
  created_time: string;
  updated_time: string;
  custom_metadata: Record<string, string> | null;
  versions: Record<string, KvMetadataVersion>;
}

export interface HealthStatus {
  /** The HTTP status Vault chose (200 active, 429 standby, 472 DR secondary, 473 perf standby, 501 uninit, 503 sealed). */
  httpStatus: number;
  initialized: boolean;
  sealed: boolean;
  standby: boolean;
  performanceStandby: boolean;
  replicationDrMode: string | undefined;
  replicationPerformanceMode: string | undefined;
  version: string | undefined;
  clusterName: string | undefined;
  clusterId: string | undefined;
  serverTimeUtc: number | undefined;
  /** A one-word summary: active, standby, perf-standby, dr-secondary, sealed, uninitialized. */
  role: 'active' | 'standby' | 'perf-standby' | 'dr-secondary' | 'sealed' | 'uninitialized';
}

export interface SealStatus {
  type: string | undefined;
  initialized: boolean;
  sealed: boolean;
  threshold: number;
  shares: number;
  progress: number;
  version: string | undefined;
  storageType: string | undefined;
  clusterName: string | undefined;
}

export interface MountInfo {
  path: string;
  type: string;
  /** KV version as Vault reports it: '2' for v2, '1' or undefined for v1. */
  options: Record<string, string> | null;
  description?: string;
}

export interface AppRoleConfig {
  token_policies?: string[];
  token_ttl?: string | number;
  token_max_ttl?: string | number;
  token_period?: string | number;
  token_type?: 'service' | 'batch' | 'default';
  token_num_uses?: number;
  token_bound_cidrs?: string[];
  secret_id_ttl?: string | number;
  secret_id_num_uses?: number;
  secret_id_bound_cidrs?: string[];
  bind_secret_id?: boolean;
}

import { AppRoleAdmin } from './approle.ts';
import { fullJitter } from './backoff.ts';
import { VaultCode, VaultError, isTransientVaultError } from './errors.ts';
import { VaultHttp, type VaultHttpOptions, type VaultRequest, type VaultResponse } from './http.ts';
import { KvV2 } from './kv-v2.ts';
import { VaultSys } from './sys.ts';
import type { TokenInfo, VaultAuthBlock, VaultEnvelope } from './types.ts';

export type VaultAuth =
  | { kind: 'token'; token: string }
  | {
      kind: 'approle';
      roleId: string;
      /** Exactly one of secretId / wrappedSecretId (or neither when the role has bind_secret_id=false). */
      secretId?: string | undefined;
      /** A response-wrapping token around a secret_id; unwrapped once at first login. */
      wrappedSecretId?: string | undefined;
      /** Auth mount path, default `approle`. */
      mount?: string | undefined;
    };

export type VaultEvent =
  | { type: 'login'; ttlSeconds: number; renewable: boolean; policies: string[] }
  | { type: 'renew'; ttlSeconds: number; capped: boolean }
  | { type: 'renew-failed'; code: string; message: string; retryInMs: number | undefined }
  | { type: 'login-failed'; code: string; message: string; retryInMs: number | undefined }
  | { type: 'token-expiring'; ttlSeconds: number }
  | { type: 'revoke-failed'; code: string; message: string };

export interface VaultClientOptions extends VaultHttpOptions {
  /** How to authenticate; absent for unauthenticated use (health, seal status). */
  auth?: VaultAuth | undefined;
  /** Renew the token at ~2/3 of its TTL and log in again when it can't be renewed. Default true. */
  autoRenew?: boolean | undefined;
  /** Revoke the token on close(). Default: true for AppRole tokens (ours), false for a given token (the operator's). */
  revokeOnClose?: boolean | undefined;
  /** Lifecycle notifications for logs and metrics. Never carries a token. */
  onEvent?: ((e: VaultEvent) => void) | undefined;
}

const MAX_TTL_WARNING = /max[_ ]?ttl/i;
const isSelfPath = (p: string) => /^auth\/token\/(lookup|renew|revoke)-self$/.test(p);

/**
 * A small typed Vault client over fetch: KV v2, AppRole, token lifecycle, sys and the admin calls bootstrap needs.
 * One token serves the whole process; login is single-flight; timers never keep the process alive.
 */
export class VaultClient {
  readonly http: VaultHttp;
  readonly sys: VaultSys;
  readonly #auth: VaultAuth | undefined;
  readonly #autoRenew: boolean;
  readonly #revokeOnClose: boolean;
  readonly #onEvent: (e: VaultEvent) => void;
  #token: string | undefined;
  #info: TokenInfo | undefined;
  /** The TTL a fresh token gets; a renewal below it means max_ttl is capping us. */
  #baseTtl = 0;
  #secretId: string | undefined;
  #loginFlight: Promise<TokenInfo> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;
  #closed = false;
  /** A renewal came back short of the base TTL: max_ttl is near, only a new login helps. */
  #capped = false;

  constructor(opts: VaultClientOptions) {
    this.http = new VaultHttp(opts);
    this.#auth = opts.auth;
    this.#autoRenew = opts.autoRenew ?? true;
    this.#revokeOnClose = opts.revokeOnClose ?? opts.auth?.kind === 'approle';
    this.#onEvent = opts.onEvent ?? (() => {});
    if (opts.auth?.kind === 'approle') this.#secretId = opts.auth.secretId;
    this.sys = new VaultSys(this.http, (r) => this.request(r));
  }

  get addr(): string {
    return this.http.addr;
  }

  kv(mount: string): KvV2 {
    return new KvV2(mount, (r) => this.request(r));
  }

  approle(mount = 'approle'): AppRoleAdmin {
    return new AppRoleAdmin(mount, (r) => this.request(r));
  }

  /** What is known about the current token (no secret in it), or undefined before the first login. */
  tokenInfo(): TokenInfo | undefined {
    return this.#info;
  }

  /** Seconds left on the token; Infinity when it never expires; undefined before login. */
  tokenTtlSeconds(): number | undefined {
    if (!this.#info) return undefined;
    if (this.#info.expiresAt === undefined) return Infinity;
    return Math.max(0, Math.round((this.#info.expiresAt - Date.now()) / 1000));
  }

  /** Logs in (AppRole) or validates the given token (lookup-self). Concurrent callers share one attempt. */
  login(): Promise<TokenInfo> {
    if (this.#closed) return Promise.reject(closedError());
    this.#loginFlight ??= this.#doLogin().finally(() => {
      this.#loginFlight = undefined;
    });
    return this.#loginFlight;
  }

  /** The token's own view of itself: TTL, policies, renewability. */
  async lookupSelf(): Promise<TokenInfo> {
    const token = await this.#ensureToken();
    const res = await this.http.call<Record<string, unknown>>({
      method: 'GET',
      path: 'auth/token/lookup-self',
      token,
    });
    return infoFromLookup(res.body?.data ?? {});
  }

  /** Renews the current token once; returns the new state. */
  async renewSelf(): Promise<TokenInfo> {
    const token = await this.#ensureToken();
    const res = await this.http.call({ method: 'POST', path: 'auth/token/renew-self', token, body: {} });
    const auth = res.body?.auth;
    if (!auth) throw badAnswer('auth/token/renew-self');
    if (token !== this.#token) return this.#info!;
    const capped =
      (res.body?.warnings ?? []).some((w) => MAX_TTL_WARNING.test(w)) || auth.lease_duration < this.#baseTtl;
    this.#info = infoFromAuth(auth, this.#info?.accessor);
    this.#onEvent({ type: 'renew', ttlSeconds: auth.lease_duration, capped });
    if (capped) this.#capped = true;
    return this.#info;
  }

  /** Exchanges a response-wrapping token for the wrapped answer (single use). */
  async unwrap<D = unknown>(wrappingToken: string): Promise<VaultEnvelope<D>> {
    const res = await this.http.call<D>({
      method: 'POST',
      path: 'sys/wrapping/unwrap',
      token: wrappingToken,
      retry: false,
    });
    if (!res.body) throw badAnswer('sys/wrapping/unwrap');
    return res.body;
  }

  /**
   * An authenticated request; returns any HTTP answer (callers classify). A 403 whose cause is a dead token
   * (expired, revoked, or lost by a restarted Vault) triggers one re-login and retry for AppRole.
   */
  async request<D = unknown>(req: Omit<VaultRequest, 'token'>): Promise<VaultResponse<D>> {
    const token = await this.#ensureToken();
    const res = await this.http.request<D>({ ...req, token });
    if (res.status !== 403 || isSelfPath(req.path)) return res;
    if (await this.#tokenAlive(token)) return res;
    if (this.#auth?.kind !== 'approle') {
      throw new VaultError(
        VaultCode.invalidToken,
        'unauthenticated',
        `vault ${req.method} ${req.path}: token is invalid or expired`,
        {
          status: 403,
          path: req.path,
        },
      );
    }
    if (this.#token === token) {
      this.#token = undefined;
      await this.login();
    }
    return this.http.request<D>({ ...req, token: await this.#ensureToken() });
  }

  /** Stops background renewal and, for a token this client obtained, revokes it. Idempotent. */
  async close(opts: { revoke?: boolean } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearTimer();
    await this.#loginFlight?.catch(() => undefined);
    const token = this.#token;
    this.#token = undefined;
    if (token && (opts.revoke ?? this.#revokeOnClose)) await this.#revoke(token);
    await this.http.close();
  }

  async #ensureToken(): Promise<string> {
    if (this.#closed) throw closedError();
    if (this.#token) return this.#token;
    await this.login();
    if (!this.#token) throw closedError();
    return this.#token;
  }

  async #tokenAlive(token: string): Promise<boolean> {
    const res = await this.http.request({
      method: 'GET',
      path: 'auth/token/lookup-self',
      token,
      retry: false,
    });
    return res.status === 200;
  }

  async #doLogin(): Promise<TokenInfo> {
    const auth = this.#auth;
    if (!auth) {
      throw new VaultError(
        VaultCode.config,
        'config',
        'no Vault credentials: set VAULT_TOKEN(_FILE) or VAULT_ROLE_ID and VAULT_SECRET_ID(_FILE)',
      );
    }
    const previous = this.#token;
    let info: TokenInfo;
    let token: string;
    if (auth.kind === 'token') {
      token = auth.token;
      const res = await this.http.call<Record<string, unknown>>({
        method: 'GET',
        path: 'auth/token/lookup-self',
        token,
      });
      const data = res.body?.data ?? {};
      info = infoFromLookup(data);
      this.#baseTtl = typeof data.creation_ttl === 'number' ? data.creation_ttl : info.ttlSeconds;
    } else {
      const mount = (auth.mount ?? 'approle').replace(/^\/+|\/+$/g, '');
      if (this.#secretId === undefined && auth.wrappedSecretId) {
        const unwrapped = await this.unwrap<{ secret_id?: string }>(auth.wrappedSecretId);
        const id = unwrapped.data?.secret_id;
        if (!id) throw badAnswer('sys/wrapping/unwrap (no secret_id inside)');
        this.#secretId = id;
      }
      const body: Record<string, string> = { role_id: auth.roleId };
      if (this.#secretId !== undefined) body.secret_id = this.#secretId;
      const res = await this.http.call({ method: 'POST', path: `auth/${mount}/login`, body });
      const a = res.body?.auth;
      if (!a?.client_token) throw badAnswer(`auth/${mount}/login`);
      token = a.client_token;
      info = infoFromAuth(a, a.accessor);
      this.#baseTtl = a.lease_duration;
    }
    if (this.#closed) {
      if (auth.kind === 'approle') await this.#revoke(token);
      throw closedError();
    }
    this.#token = token;
    this.#info = info;
    this.#capped = false;
    this.#failures = 0;
    this.#onEvent({
      type: 'login',
      ttlSeconds: info.ttlSeconds,
      renewable: info.renewable,
      policies: info.policies,
    });
    if (previous && previous !== token && auth.kind === 'approle') void this.#revoke(previous);
    this.#schedule();
    return info;
  }

  /** Plans the next background step at ~2/3 of the remaining TTL, jittered 0–10 % earlier. */
  #schedule(delayMs?: number): void {
    this.#clearTimer();
    if (!this.#autoRenew || this.#closed || !this.#info || this.#info.expiresAt === undefined) return;
    const remaining = this.#info.expiresAt - Date.now();
    const delay = delayMs ?? Math.max(0, (remaining * 2) / 3) * (1 - Math.random() * 0.1);
    this.#timer = setTimeout(() => void this.#tick(), delay);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#closed || !this.#info) return;
    const approle = this.#auth?.kind === 'approle';
    const expired = this.#info.expiresAt !== undefined && this.#info.expiresAt <= Date.now();
    const mustLogin = approle && (expired || !this.#info.renewable || this.#capped);
    try {
      if (mustLogin) {
        this.#token = undefined;
        await this.login();
        return; // doLogin scheduled the next step
      }
      if (!this.#info.renewable || expired) {
        this.#onEvent({ type: 'token-expiring', ttlSeconds: this.tokenTtlSeconds() ?? 0 });
        return;
      }
      await this.renewSelf();
      this.#failures = 0;
      if (this.#capped) {
        if (approle) {
          this.#token = undefined;
          await this.login();
          return;
        }
        this.#onEvent({ type: 'token-expiring', ttlSeconds: this.tokenTtlSeconds() ?? 0 });
        return;
      }
      this.#schedule();
    } catch (e) {
      if (this.#closed) return;
      const err = asVaultError(e);
      // A dead token can only be replaced by a login; a static one can't be replaced at all.
      if (err.code === VaultCode.invalidToken && approle && !mustLogin) {
        this.#capped = true;
        this.#schedule(0);
        return;
      }
      this.#failures++;
      const retryInMs =
        isTransientVaultError(err) || mustLogin
          ? Math.max(500, fullJitter(this.#failures, 1000, 300_000))
          : undefined;
      this.#onEvent({
        type: mustLogin ? 'login-failed' : 'renew-failed',
        code: err.code,
        message: err.message,
        retryInMs,
      });
      if (retryInMs !== undefined) this.#schedule(retryInMs);
    }
  }

  async #revoke(token: string): Promise<void> {
    try {
      await this.http.call({ method: 'POST', path: 'auth/token/revoke-self', token, retry: false });
    } catch (e) {
      const err = asVaultError(e);
      this.#onEvent({ type: 'revoke-failed', code: err.code, message: err.message });
    }
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function infoFromAuth(a: VaultAuthBlock, accessor: string | undefined): TokenInfo {
  const ttl = a.lease_duration ?? 0;
  return {
    accessor: a.accessor ?? accessor,
    policies: a.token_policies ?? a.policies ?? [],
    ttlSeconds: ttl,
    renewable: a.renewable === true,
    expiresAt: ttl > 0 ? Date.now() + ttl * 1000 : undefined,
  };
}

function infoFromLookup(d: Record<string, unknown>): TokenInfo {
  const ttl = typeof d.ttl === 'number' ? d.ttl : 0;
  return {
    accessor: typeof d.accessor === 'string' ? d.accessor : undefined,
    policies: Array.isArray(d.policies) ? (d.policies as string[]) : [],
    ttlSeconds: ttl,
    renewable: d.renewable === true,
    expiresAt: ttl > 0 ? Date.now() + ttl * 1000 : undefined,
  };
}

function asVaultError(e: unknown): VaultError {
  if (e instanceof VaultError) return e;
  return new VaultError(
    VaultCode.badResponse,
    'internal',
    e instanceof Error ? e.message.split('\n')[0]! : 'unknown failure',
  );
}

function badAnswer(path: string): VaultError {
  return new VaultError(VaultCode.badResponse, 'upstream', `vault ${path}: answer lacks the expected field`, {
    path,
  });
}

function closedError(): VaultError {
  return new VaultError(VaultCode.config, 'internal', 'vault client is closed');
}

import { ZakError, type ErrorKind } from '@zakupai/errors';

/** Stable codes for every Vault failure a caller may want to branch on. */
export const VaultCode = {
  sealed: 'ZAK_VAULT_SEALED',
  notInitialized: 'ZAK_VAULT_NOT_INITIALIZED',
  unavailable: 'ZAK_VAULT_UNAVAILABLE',
  unreachable: 'ZAK_VAULT_UNREACHABLE',
  permissionDenied: 'ZAK_VAULT_PERMISSION_DENIED',
  invalidToken: 'ZAK_VAULT_INVALID_TOKEN',
  loginFailed: 'ZAK_VAULT_LOGIN_FAILED',
  unwrapFailed: 'ZAK_VAULT_UNWRAP_FAILED',
  notFound: 'ZAK_VAULT_NOT_FOUND',
  versionDeleted: 'ZAK_VAULT_VERSION_DELETED',
  wrongPathKv1: 'ZAK_VAULT_WRONG_PATH_KV1',
  mountMissing: 'ZAK_VAULT_MOUNT_MISSING',
  kv1Mount: 'ZAK_VAULT_KV1_MOUNT',
  mountConflict: 'ZAK_VAULT_MOUNT_CONFLICT',
  casMismatch: 'ZAK_VAULT_CAS_MISMATCH',
  rateLimited: 'ZAK_VAULT_RATE_LIMITED',
  badRequest: 'ZAK_VAULT_BAD_REQUEST',
  serverError: 'ZAK_VAULT_SERVER_ERROR',
  badResponse: 'ZAK_VAULT_BAD_RESPONSE',
  config: 'ZAK_VAULT_CONFIG',
} as const;
export type VaultCode = (typeof VaultCode)[keyof typeof VaultCode];

export interface VaultErrorInit {
  status?: number;
  /** The API path (under /v1/) the failure came from. Paths carry names, never values. */
  path?: string;
  /** Vault's own `errors` strings, kept for diagnostics; not part of the message. */
  vaultErrors?: readonly string[];
  details?: Record<string, unknown>;
  retryAfter?: number;
  cause?: unknown;
}

/**
 * A failure talking to Vault. The message names the operation, the path and the cause;
 * it never carries a token, secret_id, wrapping token or secret value.
 */
export class VaultError extends ZakError {
  readonly status: number | undefined;
  readonly path: string | undefined;
  readonly vaultErrors: readonly string[];

  constructor(code: VaultCode, kind: ErrorKind, message: string, init: VaultErrorInit = {}) {
    super(code, kind, message, {
      details: { ...(init.status === undefined ? {} : { status: init.status }), ...init.details },
      retryAfter: init.retryAfter,
      cause: init.cause,
    });
    this.name = 'VaultError';
    this.status = init.status;
    this.path = init.path;
    this.vaultErrors = init.vaultErrors ?? [];
  }
}

export function isVaultError(e: unknown, code?: VaultCode): e is VaultError {
  return e instanceof VaultError && (code === undefined || e.code === code);
}

/** True for failures that may go away by themselves (outage, seal, rate limit), so a retry later makes sense. */
export function isTransientVaultError(e: unknown): boolean {
  if (!(e instanceof VaultError)) return false;
  return (
    e.code === VaultCode.sealed ||
    e.code === VaultCode.unreachable ||
    e.code === VaultCode.unavailable ||
    e.code === VaultCode.rateLimited ||
    e.code === VaultCode.serverError ||
    e.code === VaultCode.notInitialized
  );
}

const has = (errors: readonly string[], needle: string) =>
  errors.some((e) => e.toLowerCase().includes(needle.toLowerCase()));

/** One line of Vault's own text, short, for generic failures where it is the only useful hint. */
function hint(errors: readonly string[]): string {
  const first = errors.find((e) => e.trim() !== '');
  if (!first) return '';
  const line = first
    .replace(/\d+ errors? occurred:/, '')
    .replace(/[\n\t*]+/g, ' ')
    .trim();
  return line ? `: ${line.slice(0, 160)}` : '';
}

/** Maps a non-2xx answer to a typed error. KV-specific 404 shapes are refined by the KV layer. */
export function errorFromStatus(
  op: string,
  path: string,
  status: number,
  errors: readonly string[],
  retryAfter?: number,
): VaultError {
  const where = `vault ${op} ${path}`;
  const init = { status, path, vaultErrors: errors };
  switch (status) {
    case 400:
      if (has(errors, 'upgrading from non-versioned'))
        return new VaultError(
          VaultCode.unavailable,
          'unavailable',
          `${where}: the KV mount is still upgrading`,
          {
            ...init,
            retryAfter: 1,
          },
        );
      if (has(errors, 'check-and-set'))
        return new VaultError(
          VaultCode.casMismatch,
          'conflict',
          `${where}: check-and-set version did not match`,
          init,
        );
      if (has(errors, 'wrapping token'))
        return new VaultError(
          VaultCode.unwrapFailed,
          'unauthenticated',
          `${where}: wrapping token is invalid, expired or already used (treat a reused one as an incident)`,
          init,
        );
      if (has(errors, 'invalid role') || has(errors, 'secret id') || has(errors, 'role id'))
        return new VaultError(
          VaultCode.loginFailed,
          'unauthenticated',
          `${where}: invalid role_id or secret_id`,
          init,
        );
      return new VaultError(VaultCode.badRequest, 'upstream', `${where}: bad request${hint(errors)}`, init);
    case 401:
    case 403:
      if (has(errors, 'invalid token') || /token\/(lookup|renew|revoke)-self$/.test(path))
        return new VaultError(
          VaultCode.invalidToken,
          'unauthenticated',
          `${where}: token is invalid or expired`,
          init,
        );
      return new VaultError(VaultCode.permissionDenied, 'forbidden', `${where}: permission denied`, init);
    case 404:
      if (has(errors, 'no handler for route') || has(errors, 'unsupported path'))
        return new VaultError(
          VaultCode.mountMissing,
          'config',
          `${where}: no secrets engine is mounted there`,
          init,
        );
      return new VaultError(VaultCode.notFound, 'not_found', `${where}: not found`, init);
    case 429:
      return new VaultError(VaultCode.rateLimited, 'rate_limited', `${where}: rate limited`, {
        ...init,
        retryAfter: retryAfter ?? 1,
      });
    case 501:
      return new VaultError(
        VaultCode.notInitialized,
        'unavailable',
        `${where}: vault is not initialized`,
        init,
      );
    case 503:
      if (has(errors, 'sealed'))
        return new VaultError(VaultCode.sealed, 'unavailable', `${where}: vault is sealed`, {
          ...init,
          retryAfter: 5,
        });
      return new VaultError(
        VaultCode.unavailable,
        'unavailable',
        `${where}: vault is unavailable${hint(errors)}`,
        {
          ...init,
          retryAfter: 5,
        },
      );
    default:
      if (status >= 500)
        return new VaultError(
          VaultCode.serverError,
          'upstream',
          `${where}: server error ${status}${hint(errors)}`,
          init,
        );
      return new VaultError(
        VaultCode.badRequest,
        'upstream',
        `${where}: unexpected status ${status}${hint(errors)}`,
        init,
      );
  }
}

/**
 * The failure classes that the HTTP layer (and the CLI) know how to present.
 * Domain code picks a kind; only `@zakupai/kit` maps a kind to a status code.
 */
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'upstream'
  | 'config'
  | 'internal';

export interface ZakErrorOptions {
  /** The request field at fault, as a JSON path such as `body.amount`. */
  field?: string;
  /** Seconds a client should wait (rate_limited, unavailable). */
  retryAfter?: number;
  /** Safe, non-secret context for logs and the error body. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * Every failure the platform reports has one stable `ZAK_…` code and one kind.
 * Messages must never contain a secret value: callers pass names, not values.
 */
export class ZakError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, kind: ErrorKind, message: string, options: ZakErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ZakError';
    this.code = code;
    this.kind = kind;
    this.field = options.field;
    this.retryAfter = options.retryAfter;
    this.details = options.details;
  }
}

export function isZakError(e: unknown): e is ZakError {
  return e instanceof ZakError;
}

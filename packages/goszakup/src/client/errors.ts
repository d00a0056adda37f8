import { ZakError } from '@zakupai/errors';

/** The contract's `goszakup_errors_total{error_type}` values, and nothing else. */
export const GOSZAKUP_ERROR_TYPES = [
  'timeout',
  'network',
  'http_4xx',
  'http_5xx',
  'rate_limited',
  'auth',
  'parse',
] as const;
export type GoszakupErrorType = (typeof GOSZAKUP_ERROR_TYPES)[number];

/**
 * A request to the OWS API that failed for good (retries spent, or not retryable). The message names the path
 * template and the status, never the token or a response body.
 */
export class GoszakupError extends ZakError {
  readonly errorType: GoszakupErrorType;
  readonly status: number | undefined;

  constructor(
    errorType: GoszakupErrorType,
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(
      `ZAK_GOSZAKUP_${errorType.toUpperCase()}`,
      errorType === 'auth' ? 'upstream' : errorType === 'http_4xx' ? 'upstream' : 'unavailable',
      message,
      { details: { errorType, ...(options.status ? { status: options.status } : {}) }, cause: options.cause },
    );
    this.errorType = errorType;
    this.status = options.status;
  }
}

export const isGoszakupError = (e: unknown): e is GoszakupError => e instanceof GoszakupError;

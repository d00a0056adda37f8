import { isDbUnavailable } from '@zakupai/db';
import { isZakError, type ErrorKind } from '@zakupai/errors';

/** The one place where a failure kind becomes an HTTP status. */
export const statusForKind: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  upstream: 502,
  config: 500,
  internal: 500,
};

/** Seconds a client is asked to wait when the database is unavailable (a restart takes a few seconds). */
export const DB_RETRY_AFTER_SECONDS = 5;

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; field?: string };
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  retryAfter?: number;
  /** True when the failure is ours (5xx) and should be logged with its cause. */
  internal: boolean;
}

interface FastifyishError {
  code?: string;
  statusCode?: number;
  message?: string;
  validation?: Array<{
    instancePath?: string;
    params?: Record<string, unknown>;
    message?: string;
    keyword?: string;
  }>;
  validationContext?: string;
}

const fastifyCodes: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'ZAK_PAYLOAD_TOO_LARGE',
    message: 'request body is over the limit',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'ZAK_BAD_CONTENT_LENGTH',
    message: 'request body length does not match Content-Length',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'ZAK_UNSUPPORTED_MEDIA_TYPE',
    message: 'unsupported content type',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'ZAK_MALFORMED_BODY',
    message: 'body must not be empty for content-type application/json',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'ZAK_MALFORMED_BODY',
    message: 'body is not valid JSON',
  },
  FST_ERR_CTP_INVALID_TYPE: {
    status: 400,
    code: 'ZAK_MALFORMED_BODY',
    message: 'invalid content type header',
  },
  FST_ERR_BAD_URL: { status: 400, code: 'ZAK_BAD_URL', message: 'the URL is not validly percent-encoded' },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 400,
    code: 'ZAK_PARAM_TOO_LONG',
    message: 'a path parameter is too long',
  },
};

/** `/amount` in context `body` → `body.amount`; a missing required property is named by itself. */
function fieldOf(e: FastifyishError): string {
  const v = e.validation?.[0];
  const context = e.validationContext ?? 'body';
  if (!v) return context;
  const segments = (v.instancePath ?? '').split('/').filter(Boolean);
  const missing = v.params?.missingProperty ?? v.params?.additionalProperty;
  if (typeof missing === 'string') segments.push(missing);
  return [context, ...segments].join('.');
}

function validationMessage(e: FastifyishError, field: string): string {
  const v = e.validation?.[0];
  if (!v) return `${field} is invalid`;
  if (v.keyword === 'required') return `${field} is required`;
  if (v.keyword === 'additionalProperties') return `${field} is not an allowed property`;
  return `${field} ${v.message ?? 'is invalid'}`;
}

/** Maps anything thrown in a request to a status and the uniform error body. Never exposes a stack or SQL. */
export function mapError(err: unknown, requestId: string): MappedError {
  if (isZakError(err)) {
    const status = statusForKind[err.kind];
    const internal = status >= 500 && err.kind !== 'unavailable';
    return {
      status,
      retryAfter: err.retryAfter ?? (status === 503 ? 5 : undefined),
      internal,
      body: {
        error: {
          code: err.code,
          message: internal ? 'internal error' : err.message,
          requestId,
          ...(err.field ? { field: err.field } : {}),
        },
      },
    };
  }
  const e = (err ?? {}) as FastifyishError;
  if (Array.isArray(e.validation)) {
    const field = fieldOf(e);
    return {
      status: 400,
      internal: false,
      body: { error: { code: 'ZAK_VALIDATION', message: validationMessage(e, field), requestId, field } },
    };
  }
  const known = e.code ? fastifyCodes[e.code] : undefined;
  if (known) {
    return {
      status: known.status,
      internal: false,
      body: { error: { code: known.code, message: known.message, requestId } },
    };
  }
  if (err instanceof SyntaxError && e.statusCode === 400) {
    return {
      status: 400,
      internal: false,
      body: { error: { code: 'ZAK_MALFORMED_BODY', message: 'body is not valid JSON', requestId } },
    };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      status: e.statusCode,
      internal: false,
      body: { error: { code: 'ZAK_BAD_REQUEST', message: 'bad request', requestId } },
    };
  }
  // A database that is down, restarting or refusing our credentials is an outage, not a bug: a fast 503 the client
  // may retry, whichever use case met it (the stores of calc and risk name their own code; others land here).
  if (isDbUnavailable(err)) {
    return {
      status: 503,
      retryAfter: DB_RETRY_AFTER_SECONDS,
      internal: false,
      body: { error: { code: 'ZAK_DB_UNAVAILABLE', message: 'the database is unavailable', requestId } },
    };
  }
  return {
    status: 500,
    internal: true,
    body: { error: { code: 'ZAK_INTERNAL', message: 'internal error', requestId } },
  };
}

/**
 * Failures that say the database cannot be used right now (down, restarting, refusing our credentials, out of
 * connections), as opposed to a failure of the statement itself. A client can retry these later; the HTTP layer
 * answers them with 503 and Retry-After instead of 500.
 */

/** Socket errors while connecting to or talking with the server. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs: class 08 (connection exception), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now
 * (starting up or shutting down), 53300 too_many_connections, and class 28 (our credentials refused: the window
 * of a password rotation).
 */
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300|28[0-9A-Z]{3})$/;

/** What node-postgres and its pool throw, without a code, when the connection dies or cannot be had. */
const PG_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
];

export function isDbUnavailable(e: unknown): boolean {
  for (let cur = e, depth = 0; cur && typeof cur === 'object' && depth < 5; depth += 1) {
    const { code, message } = cur as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (typeof message === 'string' && PG_MESSAGES.some((m) => m.test(message))) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

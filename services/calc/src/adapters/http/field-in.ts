import { ZakError, isZakError } from '@zakupai/errors';

/**
 * Runs a use case and names a validation failure's field as the HTTP layer does (`body.amount`): use cases name
 * fields by their JSON key alone, the kit names them by location.
 */
export async function fieldIn<T>(location: 'body' | 'querystring', fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!isZakError(e) || e.kind !== 'validation' || !e.field || e.field.startsWith(`${location}.`)) throw e;
    const field = `${location}.${e.field}`;
    const message = e.message.startsWith(e.field) ? `${location}.${e.message}` : e.message;
    throw new ZakError(e.code, e.kind, message, {
      field,
      cause: e,
      ...(e.details ? { details: e.details } : {}),
    });
  }
}

import { isZakError, ZakError } from '@zakupai/errors';

/** Runs a use case and names a failing field as the request names it (`plan` → `body.plan`). */
export async function inScope<T>(scope: 'body' | 'querystring' | 'params', fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isZakError(e) && e.kind === 'validation' && e.field && !e.field.startsWith(`${scope}.`)) {
      throw new ZakError(e.code, e.kind, e.message.replace(e.field, `${scope}.${e.field}`), {
        field: `${scope}.${e.field}`,
        cause: e,
      });
    }
    throw e;
  }
}

import { ZakError, type ZakErrorOptions } from './zak-error.ts';

/** Shared error constructors. Each code is stable: clients and runbooks match on it. */
export const validationError = (field: string, message: string, options: ZakErrorOptions = {}) =>
  new ZakError('ZAK_VALIDATION', 'validation', message, { ...options, field });

export const notFound = (code: string, message: string, options: ZakErrorOptions = {}) =>
  new ZakError(code, 'not_found', message, options);

export const unavailable = (code: string, message: string, retryAfter = 5, options: ZakErrorOptions = {}) =>
  new ZakError(code, 'unavailable', message, { ...options, retryAfter });

export const configError = (code: string, message: string, options: ZakErrorOptions = {}) =>
  new ZakError(code, 'config', message, options);

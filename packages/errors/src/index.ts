export { ZakError, isZakError, type ErrorKind, type ZakErrorOptions } from './zak-error.ts';
export { validationError, notFound, unavailable, configError } from './codes.ts';

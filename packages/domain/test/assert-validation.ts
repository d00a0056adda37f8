import assert from 'node:assert/strict';
import { isZakError } from '@zakupai/errors';

/** Asserts that `fn` throws a validation ZakError naming `field`. */
export function throwsValidation(fn: () => unknown, field: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isZakError(e), `expected a ZakError, got ${String(e)}`);
    assert.equal(e.kind, 'validation');
    assert.equal(e.field, field);
    return true;
  });
}

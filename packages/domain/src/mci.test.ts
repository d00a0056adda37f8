import assert from 'node:assert/strict';
import { it } from 'node:test';
import { mciFor } from './index.ts';
import { throwsValidation } from '../test/assert-validation.ts';

it('MCI by year is data; an unknown year is a validation error', () => {
  assert.equal(mciFor(2025).toString(), '3932');
  assert.equal(mciFor(2026).toString(), '4325');
  throwsValidation(() => mciFor(2019), 'year');
});

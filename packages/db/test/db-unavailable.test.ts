import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDbUnavailable } from '@zakupai/db';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

test('isDbUnavailable: outages and refused credentials yes, statement failures no', () => {
  for (const code of ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '53300', '28P01'])
    assert.equal(isDbUnavailable(withCode(code)), true, code);
  assert.equal(isDbUnavailable(new Error('Connection terminated unexpectedly')), true);
  assert.equal(isDbUnavailable(new Error('timeout exceeded when trying to connect')), true);
  assert.equal(
    isDbUnavailable(new Error('wrapped', { cause: withCode('57P01') })),
    true,
    'found through a cause',
  );
  for (const code of ['23505', '42601', '57014', '22P02', 'ERR_SOMETHING'])
    assert.equal(isDbUnavailable(withCode(code)), false, code);
  assert.equal(isDbUnavailable(new Error('boom')), false);
  assert.equal(isDbUnavailable(undefined), false);
  assert.equal(isDbUnavailable('ECONNREFUSED'), false);
});

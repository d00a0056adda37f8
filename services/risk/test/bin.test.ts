import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binCheckDigit, binProblem, isValidBin } from '../src/domain/bin.ts';

// Worked by hand (weights 1..11, then 3,4,5,6,7,8,9,10,11,1,2 when the first result is 10):
// 90010130001: 9·1 + 1·4 + 1·6 + 3·7 + 1·11 = 51; 51 mod 11 = 7                    → 900101300017
// 12345678901: Σ i·d = 296; 296 mod 11 = 10 → second pass Σ = 377; 377 mod 11 = 3 → 123456789013
// 10000000020: 1·1 + 2·10 = 21 mod 11 = 10 → second pass 1·3 + 2·1 = 5           → 100000000205
// 10000000028: 1 + 20 + 88 = 109 mod 11 = 10 → second pass 3 + 2 + 16 = 21 mod 11 = 10 → no valid check digit

test('valid BINs/IINs pass, including one that needs the second weight pass', () => {
  for (const bin of ['900101300017', '123456789013', '100000000205'])
    assert.equal(isValidBin(bin), true, bin);
});

test('a wrong check digit is a checksum problem', () => {
  assert.equal(binProblem('900101300018'), 'checksum');
  assert.equal(binProblem('123456789012'), 'checksum');
  assert.equal(binProblem('100000000204'), 'checksum');
});

test('a prefix whose second pass is 10 again has no valid BIN', () => {
  assert.equal(binCheckDigit('10000000028'), null);
  for (let d = 0; d <= 9; d++) assert.equal(isValidBin(`10000000028${d}`), false);
});

test('anything but 12 ASCII digits is a format problem', () => {
  for (const bad of [
    '',
    '90010130001',
    '9001013000170',
    '90010130001a',
    ' 900101300017',
    '９００１０１３０００１７',
  ]) {
    assert.equal(binProblem(bad), 'format', JSON.stringify(bad));
  }
});

test('every 11-digit prefix has at most one valid check digit', () => {
  for (const prefix of ['00000000000', '99999999999', '55555555555', '98765432109']) {
    const valid = [...'0123456789'].filter((d) => isValidBin(prefix + d));
    assert.ok(valid.length <= 1, prefix);
    const check = binCheckDigit(prefix);
    assert.deepEqual(valid, check === null ? [] : [String(check)]);
  }
});

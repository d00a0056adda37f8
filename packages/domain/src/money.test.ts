import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { D, formatDecimal, formatMoney, parseMoney, roundMoney } from './index.ts';
import { throwsValidation } from '../test/assert-validation.ts';

describe('parseMoney', () => {
  it('accepts numbers and decimal strings exactly as written', () => {
    assert.equal(parseMoney(1234.5, 'amount').toString(), '1234.5');
    assert.equal(parseMoney('1234.50', 'amount').toString(), '1234.5');
    assert.equal(parseMoney(0.1, 'amount').toString(), '0.1');
    assert.equal(parseMoney('0', 'amount').toString(), '0');
    assert.equal(parseMoney('-0.00', 'amount').toString(), '0');
    assert.equal(parseMoney('1000000000000000', 'amount').toString(), '1000000000000000');
    assert.equal(parseMoney('1.500', 'amount').toString(), '1.5');
  });

  it('rejects negative, non-numeric, oversized, over-precise and non-finite input, naming the field', () => {
    const bad: unknown[] = [
      -1,
      '-0.01',
      'abc',
      '',
      ' 1',
      '1,000',
      '1e3',
      '.5',
      '5.',
      'NaN',
      'Infinity',
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      null,
      undefined,
      {},
      [1],
      '1000000000000000.01',
      1e16,
      '1.005',
      0.1 + 0.2, // 0.30000000000000004: 17 decimals
    ];
    for (const v of bad) throwsValidation(() => parseMoney(v, 'body.amount'), 'body.amount');
  });
});

describe('roundMoney / formatMoney', () => {
  it('rounds half up once and prints two decimals', () => {
    assert.equal(formatMoney(D('1234.5')), '1234.50');
    assert.equal(formatMoney(D('0.005')), '0.01'); // half up, not half even
    assert.equal(formatMoney(D('0.015')), '0.02');
    assert.equal(formatMoney(D('0.025')), '0.03'); // banker's rounding would give 0.02
    assert.equal(formatMoney(D('2.004999999')), '2.00');
    assert.equal(formatMoney(D('-1.005')), '-1.01'); // half away from zero
    assert.equal(formatMoney(D('-0.004')), '0.00'); // no "-0.00"
    assert.equal(formatMoney(D('1e15')), '1000000000000000.00'); // no exponent
    assert.equal(formatMoney(D('0.0000001')), '0.00');
    assert.equal(roundMoney(D('10.125')).toString(), '10.13');
  });

  it('prints rates without trailing zeros or exponents', () => {
    assert.equal(formatDecimal(D('16')), '16');
    assert.equal(formatDecimal(D('0.10')), '0.1');
    assert.equal(formatDecimal(D('0.0000001')), '0.0000001');
  });
});

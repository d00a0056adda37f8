import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { almatyDate, parseIsoDate } from './index.ts';
import { throwsValidation } from '../test/assert-validation.ts';

describe('parseIsoDate', () => {
  it('accepts real dates, leap days included', () => {
    for (const d of ['2025-12-31', '2026-01-01', '2024-02-29', '2000-02-29', '2026-04-30'])
      assert.equal(parseIsoDate(d, 'date'), d);
  });
  it('rejects impossible and malformed dates naming the field', () => {
    for (const d of [
      '2026-02-30',
      '2025-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-1',
      '01.01.2026',
      '',
      20260101,
      null,
    ]) {
      throwsValidation(() => parseIsoDate(d, 'body.date'), 'body.date');
    }
  });
});

describe('almatyDate', () => {
  it('changes date at midnight in Asia/Almaty (UTC+5), not at UTC midnight', () => {
    assert.equal(almatyDate(new Date('2025-12-31T18:59:59Z')), '2025-12-31');
    assert.equal(almatyDate(new Date('2025-12-31T19:00:00Z')), '2026-01-01');
    assert.equal(almatyDate(new Date('2026-01-01T00:00:00Z')), '2026-01-01');
  });
});

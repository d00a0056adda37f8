import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDurationSeconds } from '../src/config/duration.ts';

test('ANTI_DUMPING_WINDOW durations', () => {
  assert.equal(parseDurationSeconds('24h', 'W'), 86_400);
  assert.equal(parseDurationSeconds('90m', 'W'), 5_400);
  assert.equal(parseDurationSeconds('3600s', 'W'), 3_600);
  assert.equal(parseDurationSeconds('2d', 'W'), 172_800);
  assert.equal(parseDurationSeconds('600', 'W'), 600);
  for (const bad of ['', '0h', '-1h', '1.5h', '1w', 'h'])
    assert.throws(() => parseDurationSeconds(bad, 'W'), /W must be a duration/);
});

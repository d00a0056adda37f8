import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergePatch } from './merge-patch.ts';

// RFC 7386, Appendix A: every example, target + patch → result.
const APPENDIX_A: Array<[unknown, unknown, unknown]> = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [
    ['a', 'b'],
    ['c', 'd'],
    ['c', 'd'],
  ],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

test('RFC 7386 appendix A examples', () => {
  for (const [target, patch, expected] of APPENDIX_A) {
    assert.deepEqual(mergePatch(target, patch), expected, JSON.stringify({ target, patch }));
  }
});

test('neither the target nor the patch is mutated', () => {
  const target = { a: { b: 1, c: 2 } };
  const patch = { a: { b: null, d: 3 } };
  const before = JSON.stringify([target, patch]);
  assert.deepEqual(mergePatch(target, patch), { a: { c: 2, d: 3 } });
  assert.equal(JSON.stringify([target, patch]), before);
});

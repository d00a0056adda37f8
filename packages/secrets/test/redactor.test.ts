import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redactor } from '@zakupai/secrets';

test('redacts every registered value, its percent-encoded and JSON-escaped forms', () => {
  const r = new Redactor();
  r.add('p@ss/word"1');
  r.addAll(['tok-abcdef', 'tok-abcdef-longer']);
  const text = [
    'url postgres://u:p%40ss%2Fword%221@h/db',
    JSON.stringify({ pw: 'p@ss/word"1' }),
    'plain p@ss/word"1 and tok-abcdef-longer and tok-abcdef.',
  ].join('\n');
  const out = r.redact(text);
  for (const v of ['p@ss/word"1', 'p%40ss%2Fword%221', 'p@ss/word\\"1', 'tok-abcdef'])
    assert.ok(!out.includes(v), v);
  // The longer value is replaced whole, not leaving its tail.
  assert.ok(!out.includes('-longer'));
  assert.equal((out.match(/\[REDACTED\]/g) ?? []).length, 5);
});

test('ignores values too short to redact safely, and regex metacharacters are literal', () => {
  const r = new Redactor();
  r.add('abc');
  r.add(undefined);
  r.add(null);
  assert.equal(r.redact('abc abc'), 'abc abc');
  r.add('a.*b+');
  assert.equal(r.redact('aXXb a.*b+'), 'aXXb [REDACTED]');
});

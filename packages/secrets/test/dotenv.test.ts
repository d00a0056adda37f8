import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isZakError } from '@zakupai/errors';
import { parseDotenv } from '@zakupai/secrets';

test('parses comments, export, unquoted, single- and double-quoted values', () => {
  const env = parseDotenv(
    [
      '# comment',
      '',
      'A=plain-value',
      'export B=with#hash # trailing comment',
      '  C=\'lit $x \\n "q"\'',
      'D="line\\nnext \\"q\\" \\\\"  # c',
      'E=postgres://u:p%40@h:5432/db?sslmode=require',
      'F=x\r',
    ].join('\n'),
  );
  assert.deepEqual(Object.fromEntries(env), {
    A: 'plain-value',
    B: 'with#hash',
    C: 'lit $x \\n "q"',
    D: 'line\nnext "q" \\',
    E: 'postgres://u:p%40@h:5432/db?sslmode=require',
    F: 'x',
  });
});

test('a malformed line is one error with its line number, never the value', () => {
  const cases: [string, RegExp][] = [
    ['A=ok\nnot a line sekret-1', /\.env:2: malformed line/],
    ['A=ok\n\nB="sekret-2', /\.env:3: unterminated quote in the value of B/],
    ["B='sekret-3' junk", /\.env:1: text after the closing quote of B/],
    ['B=sekret 4', /\.env:1: unquoted value of B contains whitespace/],
    ['1B=sekret-5', /\.env:1: malformed line/],
    ['B=sekret-6\nB=sekret-7', /\.env:2: duplicate key B/],
    ['B=', /\.env:1: empty value for B/],
    ['B="bad \\q sekret-8"', /\.env:1: unknown escape/],
    ['KEY = sekret-9', /\.env:1: malformed line/],
  ];
  for (const [text, re] of cases) {
    assert.throws(
      () => parseDotenv(text),
      (e: unknown) =>
        isZakError(e) &&
        e.kind === 'validation' &&
        re.test(e.message) &&
        !e.message.includes('sekret') &&
        !e.message.includes('\n'),
      text,
    );
  }
});

/**
 * Guard: the money code does no binary floating-point arithmetic. ESLint bans parseFloat/toFixed in domain code;
 * this test also fails on Number(...) conversions, Math rounding and float literals in arithmetic, outside the few
 * lines listed below with their reason.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('.', import.meta.url));

const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bparseFloat\b/, 'parseFloat'],
  [/\bparseInt\b/, 'parseInt'],
  [/\.toFixed\(/, 'toFixed'],
  [/\bNumber\(/, 'Number(...)'],
  [/\bMath\.(round|floor|ceil|trunc|pow|fround)\b/, 'Math rounding'],
  [/\.toNumber\(\)/, 'Decimal.toNumber()'],
  [/(?<![\w.'"])\d+\.\d+(?![\w'"%])/, 'a float literal'],
];

/** Lines allowed to match, by file: the reason is in the comment. */
const ALLOWED: Record<string, RegExp[]> = {
  // Date parts ("2026", "02", "30") are small integers, not money.
  'calendar.ts': [
    /const \[year, month, day\] = \[Number\(m\[1\]\), Number\(m\[2\]\), Number\(m\[3\]\)\]/,
    /return Number\(isoDate\.slice\(0, 4\)\)/,
  ],
};

/** The source with comments blanked and string literals emptied, line numbers kept. */
function codeLines(text: string): string[] {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((line) =>
      line.replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`/g, "''").replace(/\/\/.*$/, ''),
    );
}

it('domain source has no binary float arithmetic', () => {
  const files = readdirSync(SRC).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  assert.ok(files.includes('money.ts') && files.includes('vat.ts'), 'scanned the right folder');
  const problems: string[] = [];
  for (const file of files) {
    codeLines(readFileSync(join(SRC, file), 'utf8')).forEach((code, i) => {
      for (const [re, what] of FORBIDDEN) {
        if (re.test(code) && !(ALLOWED[file] ?? []).some((ok) => ok.test(code)))
          problems.push(`${file}:${i + 1} ${what}: ${code.trim()}`);
      }
    });
  }
  assert.deepEqual(problems, []);
});

it('the guard itself catches what it should', () => {
  const samples = [
    'const x = parseFloat(s);',
    'd.toFixed(2)',
    'Number(amount) * 1.16',
    'Math.round(x * 100) / 100',
    'x * 0.12',
  ];
  for (const s of samples)
    assert.ok(
      codeLines(s).some((c) => FORBIDDEN.some(([re]) => re.test(c))),
      s,
    );
  const harmless = [
    "const basis = 'Rules 687 p.94-95 of 01.12.2022';",
    '/** rounded to 0.01 */',
    'x.times(100); // 0.5 in a comment',
  ];
  for (const s of harmless) assert.ok(!codeLines(s).some((c) => FORBIDDEN.some(([re]) => re.test(c))), s);
});

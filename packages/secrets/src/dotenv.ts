import { validationError } from '@zakupai/errors';

const LINE = /^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * Parses a .env file strictly. Accepted per line: blank, `# comment`, `[export ]KEY=value` where value is
 * unquoted (no whitespace or quotes inside; a ` #` starts a comment), 'single-quoted' (literal) or
 * "double-quoted" (\n \r \t \" \\ escapes), on one line. Anything else is an error naming the file, line number
 * and key — never the value. Duplicate keys and empty values are errors too.
 */
export function parseDotenv(text: string, fileLabel = '.env'): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.replace(/\r$/, '').replace(/^[ \t]+/, '');
    if (line === '' || line.startsWith('#')) return;
    const fail = (why: string) => {
      throw validationError('file', `${fileLabel}:${n}: ${why}`, { details: { line: n } });
    };
    const m = LINE.exec(line.replace(/[ \t]+$/, ''));
    if (!m) return fail('malformed line (expected KEY=VALUE)');
    const key = m[1]!;
    const rest = m[2]!;
    let value: string;
    if (rest.startsWith('"') || rest.startsWith("'")) {
      const q = rest[0]!;
      let j = 1;
      value = '';
      for (; j < rest.length && rest[j] !== q; j++) {
        if (q === '"' && rest[j] === '\\') {
          const esc = ESCAPES[rest[j + 1] ?? ''];
          if (esc === undefined) return fail(`unknown escape in the value of ${key}`);
          value += esc;
          j++;
        } else {
          value += rest[j];
        }
      }
      if (j >= rest.length) return fail(`unterminated quote in the value of ${key}`);
      const tail = rest.slice(j + 1);
      if (tail !== '' && !/^[ \t]+(#.*)?$/.test(tail)) return fail(`text after the closing quote of ${key}`);
    } else {
      value = rest.replace(/[ \t]+#.*$/, '');
      if (/[\s"'`]/.test(value))
        return fail(`unquoted value of ${key} contains whitespace or quotes; quote it`);
    }
    if (value === '') return fail(`empty value for ${key}`);
    if (out.has(key)) return fail(`duplicate key ${key}`);
    out.set(key, value);
  });
  return out;
}

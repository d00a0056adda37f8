import type { CellValue, PreparedRow } from '@zakupai/goszakup';

/**
 * PostgreSQL's COPY text format (tab-separated, `\N` = NULL, backslash escapes) for prepared rows: the typed columns
 * in `TABLE_COLUMNS` order, then `raw` as JSON. Each cell reaches its column's input function as the same text that
 * `jsonb_populate_record` would give it, so a row stored through COPY equals the row stored through the jsonb path.
 */
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeChar = (c: string) => ESCAPES[c]!;

/** A text value as one COPY field. */
export function copyEscape(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, escapeChar) : s;
}

/** An array literal `{"a","b"}`: every element quoted, so none reads as NULL or splits on a comma. */
function arrayLiteral(list: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < list.length; i += 1) {
    const e = list[i]!;
    out += `${i > 0 ? ',' : ''}"${e.includes('"') || e.includes('\\') ? e.replace(/["\\]/g, '\\$&') : e}"`;
  }
  return `${out}}`;
}

function cell(v: CellValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return copyEscape(v);
  return copyEscape(arrayLiteral(v));
}

/** One row's line. JSON.stringify escapes every control character, so only its backslashes need doubling. */
export function copyLine(row: PreparedRow): string {
  let line = '';
  for (const v of row.values) line += `${cell(v)}\t`;
  const raw = JSON.stringify(row.raw);
  return `${line}${raw.includes('\\') ? raw.replace(/\\/g, '\\\\') : raw}\n`;
}

/** The COPY text of a batch. */
export function copyText(rows: readonly PreparedRow[]): string {
  let out = '';
  for (const r of rows) out += copyLine(r);
  return out;
}

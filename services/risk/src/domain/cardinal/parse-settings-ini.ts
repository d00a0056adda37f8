import {
  cardinalSettingsFrom,
  CARDINAL_SETTINGS_ERROR,
  type ParsedCardinalSettings,
} from './parse-settings.ts';
import { ZakError } from '@zakupai/errors';

/**
 * Cardinal's settings file (INI, as `cardinal init` writes it and docs/cli/settings.md describes): `[R024]`
 * sections, `name = value` properties, `;` or `#` comment lines, top-level properties before the first section,
 * and dotted sections for tables (`[R003.procurement_method_details]`). A comment after a value (`threshold = 15
 * # default`, as Cardinal's own pages write it) is dropped when it follows a space; quote a value to keep a `#`.
 * Errors name the file and line: `settings.ini:7: R024.thershold is not a property of [R024]`.
 */
export function parseCardinalIni(text: string, file = 'settings.ini'): ParsedCardinalSettings {
  const root: Record<string, unknown> = {};
  const lines = new Map<string, number>();
  let section: string[] = [];
  let target = root;
  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) return;
    const fail = (message: string): never => {
      throw new ZakError(CARDINAL_SETTINGS_ERROR, 'config', `${file}:${lineNo}: ${message}`, {
        details: { line: lineNo },
      });
    };
    const header = /^\[([^\]]*)\]\s*(?:[;#].*)?$/.exec(line);
    if (header) {
      section = header[1]!.split('.').map((s) => s.trim());
      if (section.some((s) => s === '')) fail(`"${line}" is not a section name`);
      target = root;
      for (let depth = 0; depth < section.length; depth++) {
        const name = section[depth]!;
        const existing = target[name];
        if (existing !== undefined && (typeof existing !== 'object' || existing === null)) {
          fail(`[${section.slice(0, depth + 1).join('.')}] is already a property`);
        }
        target = (target[name] ??= {}) as Record<string, unknown>;
        const key = section.slice(0, depth + 1).join('.');
        if (!lines.has(key)) lines.set(key, lineNo);
      }
      return;
    }
    const separator = line.search(/[=:]/);
    if (separator <= 0) fail(`"${line}" is neither a [section] nor a name = value property`);
    const name = line.slice(0, separator).trim();
    const value = unquote(line.slice(separator + 1).trim());
    const path = [...section, name].join('.');
    if (name in target) fail(`${path} is set twice (first on line ${lines.get(path)})`);
    target[name] = value;
    lines.set(path, lineNo);
  });
  return cardinalSettingsFrom(root, (path) => {
    for (let depth = path.length; depth > 0; depth--) {
      const line = lines.get(path.slice(0, depth).join('.'));
      if (line !== undefined) return `${file}:${line}`;
    }
    return file;
  });
}

function unquote(value: string): string {
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    const end = value.indexOf(quote, 1);
    const rest = end > 0 ? value.slice(end + 1).trim() : 'unclosed';
    if (rest === '' || rest.startsWith(';') || rest.startsWith('#')) return value.slice(1, end);
  }
  const comment = /\s[;#]/.exec(value);
  return (comment ? value.slice(0, comment.index) : value).trim();
}

import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { D, type Decimal } from '@zakupai/domain';
import { ZakError } from '@zakupai/errors';

export type YamlPath = ReadonlyArray<string | number>;

/**
 * Typed reads from a YAML document, where every failure names the file, the line and column, and the
 * dotted path of the value at fault (`rules.yaml:14:13: rules.anti_dumping.weight must be …`).
 * Thrown as a `config` ZakError, so a bad file stops the service at start.
 */
export class YamlReader {
  private constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    readonly file: string,
    private readonly code: string,
  ) {}

  static parse(text: string, file: string, code: string): YamlReader {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    const first = doc.errors[0];
    if (first) {
      const { line, col } = lines.linePos(first.pos[0]);
      throw new ZakError(code, 'config', `${file}:${line}:${col}: not valid YAML (${first.code})`, {
        details: { file, line },
      });
    }
    return new YamlReader(doc, lines, file, code);
  }

  /**
   * Throws naming a line: the value's own line when it exists, otherwise the line of the key of the deepest
   * mapping on `path` that does (where the missing entry belongs).
   */
  fail(path: YamlPath, message: string): never {
    let offset = 0;
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, depth), true);
      if (node === undefined) continue;
      const keyNode = depth < path.length && depth > 0 ? this.keyNodeAt(path.slice(0, depth)) : undefined;
      offset = rangeStart(keyNode) ?? rangeStart(node) ?? 0;
      break;
    }
    const { line, col } = this.lines.linePos(offset);
    const where = path.length === 0 ? '(document)' : path.join('.');
    throw new ZakError(this.code, 'config', `${this.file}:${line}:${col}: ${where} ${message}`, {
      details: { file: this.file, line, path: where },
    });
  }

  private keyNodeAt(path: YamlPath): unknown {
    const parent = path.length === 1 ? this.doc.contents : this.doc.getIn(path.slice(0, -1), true);
    if (!isMap(parent)) return undefined;
    const last = path[path.length - 1];
    return parent.items.find((pair) => (pair.key as { value?: unknown } | null)?.value === last)?.key;
  }

  has(path: YamlPath): boolean {
    return path.length === 0 ? this.doc.contents !== null : this.doc.hasIn(path);
  }

  value(path: YamlPath): unknown {
    const node = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (node === undefined) this.fail(path, 'is required');
    return (node as { toJSON?: () => unknown } | null)?.toJSON?.() ?? node;
  }

  keys(path: YamlPath): string[] {
    const node = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (!isMap(node)) this.fail(path, node === undefined ? 'is required' : 'must be a mapping');
    return node.items.map((pair, i) => {
      const key = (pair.key as { value?: unknown } | null)?.value;
      if (typeof key !== 'string' && typeof key !== 'number')
        this.fail([...path], `key #${i + 1} must be a plain name`);
      return String(key);
    });
  }

  length(path: YamlPath): number {
    const node = this.doc.getIn(path, true);
    if (!isSeq(node)) this.fail(path, node === undefined ? 'is required' : 'must be a list');
    return node.items.length;
  }

  string(path: YamlPath): string {
    const v = this.value(path);
    if (typeof v !== 'string' || v.trim() === '') this.fail(path, 'must be a non-empty string');
    return v;
  }

  integer(path: YamlPath, min: number, max: number): number {
    const v = this.value(path);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.fail(path, `must be an integer from ${min} to ${max}`);
    }
    return v;
  }

  /** A ratio or factor, read as the decimal written in the file. */
  decimal(path: YamlPath, min: number | string, max: number | string): Decimal {
    const v = this.value(path);
    if (typeof v !== 'number' && typeof v !== 'string') this.fail(path, 'must be a number');
    let d: Decimal;
    try {
      d = D(String(v));
    } catch {
      this.fail(path, 'must be a number');
    }
    if (!d.isFinite() || d.lt(min) || d.gt(max)) this.fail(path, `must be a number from ${min} to ${max}`);
    return d;
  }

  /** Only the listed keys may appear in the mapping at `path`. */
  onlyKeys(path: YamlPath, allowed: readonly string[]): void {
    for (const key of this.keys(path)) {
      if (!allowed.includes(key))
        this.fail([...path, key], `is not a known key (expected one of: ${allowed.join(', ')})`);
    }
  }
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
}

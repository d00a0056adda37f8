import { Writable } from 'node:stream';
import { capture } from './leak-audit.ts';

/**
 * A log destination that keeps every line, for assertions and leak checks; every line also goes to the
 * suite-wide leak audit under `label`.
 */
export function captureStream(label = 'logs'): Writable & { lines: string[]; text(): string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      const text = String(chunk);
      lines.push(...text.split('\n').filter(Boolean));
      capture(label, text);
      cb();
    },
  });
  return Object.assign(stream, { lines, text: () => lines.join('\n') });
}

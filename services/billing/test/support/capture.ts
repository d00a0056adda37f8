import { Writable } from 'node:stream';

/** A log destination that keeps every line, for assertions and leak checks. */
export function captureStream(): Writable & { lines: string[]; text(): string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  return Object.assign(stream, { lines, text: () => lines.join('\n') });
}

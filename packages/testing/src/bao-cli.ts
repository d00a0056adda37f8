import { Writable } from 'node:stream';

/** A CliIo for tests: captured stdout/stderr, an explicit env and cwd. */
export function captureIo(env: Record<string, string | undefined>, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        into.push(chunk.toString());
        cb();
      },
    });
  return {
    io: { stdout: sink(out), stderr: sink(err), env, cwd, signal: new AbortController().signal },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

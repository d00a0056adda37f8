import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
export { freePort } from './free-port.ts';

/** Shared plumbing for the Prometheus and Alertmanager harnesses: binaries, start, readiness, stop. */

/** The first of `names` found on PATH (or `override`, an env-given path), else undefined. */
export function findBinary(names: readonly string[], override?: string): string | undefined {
  if (override) return existsSync(override) ? override : undefined;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const n of names) for (const d of dirs) if (existsSync(join(d, n))) return join(d, n);
  return undefined;
}

/** `<bin> --version` output (both streams), for version-dependent behaviour. */
export function binaryVersion(bin: string): string {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`;
}

export interface ManagedProcess {
  readonly child: ChildProcess;
  readonly logFile: string;
  /** True until the process exits (a crash included). */
  alive(): boolean;
  /** The last `lines` lines of the process log. */
  logTail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `bin` with stdout and stderr appended to `logFile`; never inherits the test's stdio. */
export function startProcess(bin: string, args: string[], logFile: string): ManagedProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  child.once('error', () => {
    exited = true;
  });
  return {
    child,
    logFile,
    alive: () => !exited,
    logTail(lines = 30) {
      try {
        return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
    async stop(graceMs = 5000) {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exit;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

/** Polls `url` until it answers 200; fails early, with the log tail, if the process dies. */
export async function waitReady(
  url: string,
  proc: ManagedProcess,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!proc.alive()) throw new Error(`${what} exited during start-up:\n${proc.logTail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await proc.stop();
  throw new Error(`${what} not ready at ${url} within ${timeoutMs} ms:\n${proc.logTail()}`);
}

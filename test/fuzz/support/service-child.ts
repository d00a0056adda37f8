import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface ServiceChild {
  name: string;
  url: string;
  /** Everything the process wrote so far (JSON log lines and stderr). */
  output(): string;
  /** Polls GET /ready until 200; throws with the captured output after `timeoutMs` or when the process exits. */
  waitReady(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s; resolves with the exit code or signal. */
  stop(): Promise<number | string>;
}

/**
 * Runs `services/<name>/src/main.ts` as its own process on the given loopback port (the real composition root),
 * with exactly `env` plus PATH and HOME. The port is chosen by the caller because the gateway and billing must
 * know each other's address before either starts.
 */
export function spawnServiceOn(
  name: string,
  port: number,
  metricsPort: number,
  env: Record<string, string>,
): ServiceChild {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(ROOT, 'services', name, 'src', 'main.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...env,
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((res) =>
    child.once('exit', (code, sig) => res(code ?? sig ?? -1)),
  );
  const url = `http://127.0.0.1:${port}`;
  return {
    name,
    url,
    output: () => out,
    async waitReady(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
        try {
          const r = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) });
          if (r.status === 200) return;
        } catch {
          /* not listening yet */
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`${name} not ready after ${timeoutMs} ms; output:\n${out.slice(-4000)}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

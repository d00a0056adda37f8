import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './free-port.ts';
import { capture } from './leak-audit.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface ServiceProcess {
  url: string;
  metricsUrl: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** Polls GET /ready until it answers 200, or throws with the captured output after `timeoutMs`. */
  waitReady(timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Runs `services/<name>/src/main.ts` as its own process on free loopback ports, with exactly the given
 * environment (plus PATH and HOME): the way an operator runs it, and the way secrets must never reach argv.
 */
export async function spawnService(name: string, env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const metricsPort = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(ROOT, 'services', name, 'src', 'main.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        HOST: '127.0.0.1',
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | string>((res) =>
    child.once('exit', (code, sig) => {
      capture(`service-${name}`, out);
      res(code ?? sig ?? -1);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const proc: ServiceProcess = {
    url,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    child,
    output: () => out,
    exited,
    async waitReady(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let exitedEarly = false;
      void exited.then(() => (exitedEarly = true));
      while (Date.now() < deadline && !exitedEarly) {
        try {
          const r = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) });
          if (r.status === 200) return;
        } catch {
          /* not listening yet */
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(
        `${name} not ready after ${timeoutMs} ms${exitedEarly ? ' (exited)' : ''}; output:\n${out}`,
      );
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  return proc;
}

function labelSet(labels: string): string {
  return labels
    .split(/,(?=[a-zA-Z_]+=)/)
    .filter(Boolean)
    .sort()
    .join(',');
}

/**
 * Reads one sample from a Prometheus text exposition. `series` is a bare name (the first sample of that
 * name) or `name{a="1",b="2"}`, which matches a sample carrying at least those labels, in any order.
 */
export function metricValue(text: string, series: string): number | undefined {
  const m = /^([^{]+)(?:\{(.*)\})?$/.exec(series);
  if (!m) return undefined;
  const [, name, want = ''] = m;
  const wanted = want ? labelSet(want).split(',') : [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name!)) continue;
    const sample = /^([^{\s]+)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!sample || sample[1] !== name) continue;
    const have = new Set(labelSet(sample[2] ?? '').split(','));
    if (wanted.every((l) => have.has(l))) return Number(sample[3]);
  }
  return undefined;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { capture } from '@zakupai/testing/leak-audit';

const ROOT = resolve(import.meta.dirname, '../../..');
const TAIL_CHARS = 200_000;

export type ServiceName = 'calc' | 'risk' | 'etl' | 'billing' | 'gateway';

/**
 * One service as an operator runs it (`node --import tsx services/<name>/src/main.ts`) on a port fixed for the
 * whole chaos run, so it can be killed and started again where its peers expect it. Everything it prints is
 * streamed to the leak audit's capture; only a tail and a few counters stay in memory.
 */
export class ManagedService {
  readonly url: string;
  readonly metricsUrl: string;
  #child: ChildProcess | undefined;
  #exited: Promise<number | string> = Promise.resolve(-1);
  #tail = '';
  #starts = 0;
  readonly #signalled = new WeakSet<ChildProcess>();
  /** Vault logins seen in the output (a short max TTL forces re-logins), over every incarnation. */
  logins = 0;
  /** `database credentials rotated` lines seen, over every incarnation. */
  rotations = 0;

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    readonly metricsPort: number,
    private readonly env: () => Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** The last part of what the process printed (for failure messages). */
  tail(chars = 4000): string {
    return this.#tail.slice(-chars);
  }

  start(): void {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.#starts += 1;
    const label = `chaos-${this.name}-${this.#starts}`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(ROOT, 'services', this.name, 'src', 'main.ts')],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          HOST: '127.0.0.1',
          ...this.env(),
          PORT: String(this.port),
          METRICS_PORT: String(this.metricsPort),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const take = (d: Buffer) => {
      const s = d.toString();
      capture(label, s);
      this.logins += (s.match(/"type":"login"/g) ?? []).length;
      this.rotations += (s.match(/database credentials rotated/g) ?? []).length;
      this.#tail = (this.#tail + s).slice(-TAIL_CHARS);
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    this.#exited = new Promise((res) => child.once('exit', (code, sig) => res(code ?? sig ?? -1)));
    this.#child = child;
  }

  /** Polls GET /ready until 200; throws with the output's tail when the process exits or time runs out. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) break;
      try {
        const r = await fetch(`${this.url}/ready`, { signal: AbortSignal.timeout(2_000) });
        const body = await r.text();
        if (r.status === 200) {
          capture(`chaos-${this.name}-ready`, body);
          return;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(
      `${this.name} not ready after ${timeoutMs} ms (running: ${this.running}); output:\n${this.tail()}`,
    );
  }

  /** Sends a signal and resolves with the exit code or signal name; SIGKILL after `forceAfterMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', forceAfterMs = 20_000): Promise<number | string> {
    const child = this.#child;
    if (!child || !this.running) return this.#exited;
    // One SIGTERM only: a second one while the service drains is the operator's "now", which ends it at once.
    if (signal !== 'SIGTERM' || !this.#signalled.has(child)) child.kill(signal);
    this.#signalled.add(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), forceAfterMs);
    try {
      return await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

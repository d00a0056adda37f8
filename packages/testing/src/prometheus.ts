import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { findBinary, freePort, startProcess, waitReady } from './prometheus-process.ts';

/**
 * A real Prometheus (Debian 2.42 here) on a free loopback port with a fresh TSDB in a temp dir.
 * Note (research/monitoring.md §9): `/-/ready` answers after ~0.3 s but the first scrape lands ~5-6 s later.
 */
export interface PrometheusOptions {
  /** prometheus.yml as an object or YAML text. `rule_files` is set by the harness from `rules`. */
  config: Record<string, unknown> | string;
  /** Rule files as YAML text, written beside the config and listed in `rule_files`. */
  rules?: string[];
  /** Extra command-line flags. */
  args?: string[];
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}
export type PromQueryData =
  | { resultType: 'vector'; result: PromSample[] }
  | { resultType: 'matrix'; result: { metric: Record<string, string>; values: [number, string][] }[] }
  | { resultType: 'scalar' | 'string'; result: [number, string] };

export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  value: string;
  activeAt: string;
}

export interface TestPrometheus {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Instant query; rejects with Prometheus' error text when the query is invalid. */
  query(expr: string): Promise<PromQueryData>;
  /** Range query over the last `seconds`, step `step` seconds. */
  queryRange(expr: string, seconds: number, step: number): Promise<PromQueryData>;
  /** Active alerts (pending and firing) from /api/v1/alerts. */
  alerts(): Promise<PromAlert[]>;
  /** Targets with their health (`up`, `down`, `unknown`). */
  targets(): Promise<{ labels: Record<string, string>; health: string; lastError: string }[]>;
  alive(): boolean;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

const BIN_NAMES = ['prometheus'] as const;

/** True when a Prometheus binary is on PATH (or at PROMETHEUS_BIN). */
export function prometheusAvailable(): boolean {
  return findBinary(BIN_NAMES, process.env.PROMETHEUS_BIN) !== undefined;
}

export async function startPrometheus(opts: PrometheusOptions): Promise<TestPrometheus> {
  const bin = findBinary(BIN_NAMES, process.env.PROMETHEUS_BIN);
  if (!bin) throw new Error('prometheus binary not found (install the Debian package or set PROMETHEUS_BIN)');
  const dir = mkdtempSync(join(tmpdir(), 'zk-prom-'));
  const ruleFiles = (opts.rules ?? []).map((text, i) => {
    const p = join(dir, `rules-${i}.yml`);
    writeFileSync(p, text);
    return p;
  });
  const config = typeof opts.config === 'string' ? opts.config : stringify(opts.config);
  const configPath = join(dir, 'prometheus.yml');
  writeFileSync(configPath, `${config}\n${ruleFiles.length ? stringify({ rule_files: ruleFiles }) : ''}`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = startProcess(
    bin,
    [
      `--config.file=${configPath}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      ...(opts.args ?? []),
    ],
    join(dir, 'prometheus.log'),
  );
  await waitReady(`${url}/-/ready`, proc, 'prometheus');

  const api = <T>(path: string, params: Record<string, string>) =>
    call<T>(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
  const get = <T>(path: string) => call<T>(path, { method: 'GET' });
  async function call<T>(path: string, init: RequestInit): Promise<T> {
    const res = await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as { status: string; data: T; error?: string; errorType?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.errorType}: ${body.error}`);
    return body.data;
  }

  return {
    url,
    port,
    dir,
    query: (expr) => api<PromQueryData>('/api/v1/query', { query: expr }),
    queryRange: (expr, seconds, step) => {
      const end = Date.now() / 1000;
      return api<PromQueryData>('/api/v1/query_range', {
        query: expr,
        start: String(end - seconds),
        end: String(end),
        step: String(step),
      });
    },
    alerts: async () => (await get<{ alerts: PromAlert[] }>('/api/v1/alerts')).alerts,
    targets: async () =>
      (
        await get<{ activeTargets: { labels: Record<string, string>; health: string; lastError: string }[] }>(
          '/api/v1/targets',
        )
      ).activeTargets,
    alive: proc.alive,
    logTail: proc.logTail,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryVersion, findBinary, freePort, startProcess, waitReady } from './prometheus-process.ts';

/**
 * A real Alertmanager on a free loopback port, with a fresh storage dir (its notification log would otherwise
 * suppress repeats across runs) and clustering disabled (`--cluster.listen-address=`): with gossip on, the first
 * notification waits ~10 s for the cluster to settle, and a second instance would collide on :9094.
 * The binary is `prometheus-alertmanager` on Debian, `alertmanager` elsewhere (ALERTMANAGER_BIN overrides).
 */
export interface AlertmanagerOptions {
  /** The config YAML text (already rendered), written 0600 into the temp dir. */
  config?: string;
  /** Or an existing config file, e.g. one that `zakupai alertmanager render --watch` keeps up to date. */
  configFile?: string;
  args?: string[];
}

export interface AmAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
}

export interface TestAlertmanager {
  readonly url: string;
  readonly port: number;
  readonly configFile: string;
  /** POST /api/v2/alerts: as Prometheus does. An `endsAt` in the past resolves. */
  postAlerts(alerts: AmAlert[]): Promise<void>;
  /** POST /-/reload; rejects when the new config does not load. */
  reload(): Promise<void>;
  /** Sum of a counter from /metrics over series whose labels include `labels`, e.g. notifications failed. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  /** False once the process has exited (Alertmanager 0.25 crashes on a Telegram reply without `result.chat`). */
  alive(): boolean;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

const BIN_NAMES = ['prometheus-alertmanager', 'alertmanager'] as const;

export function alertmanagerBinary(): string | undefined {
  return findBinary(BIN_NAMES, process.env.ALERTMANAGER_BIN);
}

export function alertmanagerAvailable(): boolean {
  return alertmanagerBinary() !== undefined;
}

/** The installed Alertmanager's `--version` text, e.g. `alertmanager, version 0.25.0 (…)`. */
export function alertmanagerVersionText(): string {
  const bin = alertmanagerBinary();
  return bin ? binaryVersion(bin) : '';
}

export async function startAlertmanager(opts: AlertmanagerOptions): Promise<TestAlertmanager> {
  const bin = alertmanagerBinary();
  if (!bin)
    throw new Error(
      'alertmanager binary not found (prometheus-alertmanager/alertmanager, or ALERTMANAGER_BIN)',
    );
  const dir = mkdtempSync(join(tmpdir(), 'zk-am-'));
  let configFile = opts.configFile;
  if (!configFile) {
    if (opts.config === undefined) throw new Error('startAlertmanager needs config or configFile');
    configFile = join(dir, 'alertmanager.yml');
    writeFileSync(configFile, opts.config, { mode: 0o600 });
    chmodSync(configFile, 0o600);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = startProcess(
    bin,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      ...(opts.args ?? []),
    ],
    join(dir, 'alertmanager.log'),
  );
  await waitReady(`${url}/-/ready`, proc, 'alertmanager');

  return {
    url,
    port,
    configFile,
    async postAlerts(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
        signal: AbortSignal.timeout(5000),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`alertmanager POST /api/v2/alerts: ${res.status} ${text}`);
    },
    async reload() {
      const res = await fetch(`${url}/-/reload`, { method: 'POST', signal: AbortSignal.timeout(5000) });
      const text = await res.text();
      if (!res.ok) throw new Error(`alertmanager reload: ${res.status} ${text.trim()}`);
    },
    async metric(name, labels = {}) {
      const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
      let sum = 0;
      for (const line of text.split('\n')) {
        const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
        if (!m || m[1] !== name) continue;
        const have = Object.fromEntries(
          [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]),
        );
        if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[3]);
      }
      return sum;
    },
    alive: proc.alive,
    logTail: proc.logTail,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

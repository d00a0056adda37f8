import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BaoServer } from '@zakupai/testing/bao';
import { freePort, startProcess, waitReady, type ManagedProcess } from '@zakupai/testing/prometheus-process';

export interface TelemetryBao extends BaoServer {
  /** `host:port` of the listener, the Prometheus target of the `vault` job. */
  readonly target: string;
}

/**
 * OpenBao (the Vault stand-in) in dev mode with Prometheus telemetry on: the services load their secrets from it
 * and Prometheus scrapes its `/v1/sys/metrics`, so the Vault panels and rules query real Vault metric names
 * (vault_core_unsealed, vault_core_handle_request_count). `@zakupai/testing/bao` takes no server config, hence this
 * variant; it has the same interface except `restart` (dev mode would lose the seeded state).
 */
export async function startTelemetryBao(): Promise<TelemetryBao> {
  const dir = mkdtempSync(join(tmpdir(), 'zk-bao-tel-'));
  const rootToken = `root-${randomBytes(8).toString('hex')}`;
  writeFileSync(
    join(dir, 'telemetry.hcl'),
    'telemetry {\n  prometheus_retention_time = "60s"\n  disable_hostname = true\n}\n',
  );
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    const proc = startProcess(
      'bao',
      [
        'server',
        '-dev',
        `-dev-listen-address=127.0.0.1:${port}`,
        `-dev-root-token-id=${rootToken}`,
        '-dev-no-store-token',
        `-config=${join(dir, 'telemetry.hcl')}`,
      ],
      join(dir, 'bao.log'),
    );
    try {
      await waitReady(`http://127.0.0.1:${port}/v1/sys/health`, proc, 'bao', 15_000);
      return server(`127.0.0.1:${port}`, rootToken, proc, dir);
    } catch {
      await proc.stop(); // the dev cluster port (port + 1) was taken: try another
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('could not start bao with telemetry');
}

function server(target: string, rootToken: string, proc: ManagedProcess, dir: string): TelemetryBao {
  const addr = `http://${target}`;
  const api: BaoServer['api'] = async (method, path, body, headers) => {
    const res = await fetch(`${addr}/v1/${path}`, {
      method,
      headers: { 'X-Vault-Token': rootToken, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed };
  };
  /** Dev mode prints its single unseal key in the log. */
  const unsealKey = () => /Unseal Key: (\S+)/.exec(proc.logTail(200))?.[1] ?? '';
  return {
    addr,
    target,
    rootToken,
    caCertPath: undefined,
    unsealKey,
    api,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      proc.child.kill('SIGKILL');
      await proc.stop();
    },
    restart() {
      return Promise.reject(
        new Error('the telemetry bao cannot restart: dev mode would lose its seeded state'),
      );
    },
    async seal() {
      const r = await api('POST', 'sys/seal');
      if (r.status !== 204 && r.status !== 200) throw new Error(`seal failed: ${r.status}`);
    },
    async unseal() {
      const r = await api('POST', 'sys/unseal', { key: unsealKey() });
      if (r.status !== 200 || (r.body as { sealed?: boolean } | undefined)?.sealed !== false)
        throw new Error(`unseal failed: ${r.status}`);
    },
  };
}

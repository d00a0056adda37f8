import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Agent, fetch as undiciFetch } from 'undici';

export interface BaoOptions {
  /** Root token id; default a random one. */
  rootToken?: string;
  /** Serve HTTPS with a generated CA (`caCertPath`), to exercise VAULT_CACERT. */
  tls?: boolean;
  /**
   * Runs after start and after every restart. Dev mode keeps everything in memory, so a restart loses all
   * mounts, policies, roles and secrets; put the setup a test needs across restarts here.
   */
  seed?: (bao: BaoServer) => Promise<void>;
}

export interface BaoServer {
  /** e.g. `http://127.0.0.1:41234`. */
  addr: string;
  rootToken: string;
  /** Set with `tls: true`: the PEM file of the CA that signed the server's certificate. */
  caCertPath: string | undefined;
  /** The unseal key printed by the current dev server (it changes on restart). */
  unsealKey(): string;
  /** An authenticated request with the root token; returns status and parsed JSON body. */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helper: callers index into Vault's JSON freely
  ): Promise<{ status: number; body: any }>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL and wait (an abrupt outage). */
  kill(): Promise<void>;
  /** Starts again on the same port (fresh in-memory state, same root token), then runs `seed`. */
  restart(): Promise<void>;
  seal(): Promise<void>;
  unseal(): Promise<void>;
}

/** True when the `bao` binary runs. */
export function baoAvailable(): boolean {
  try {
    return spawnSync('bao', ['version'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  } catch {
    return false;
  }
}

/** A loopback port p such that p+1 (the dev cluster port) is also free. */
async function freePortPair(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const p = await listenFree(0);
    if (p < 65535 && (await canListen(p + 1))) return p;
  }
  throw new Error('no free loopback port pair for bao');
}

function listenFree(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      const addr = s.address();
      const p = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(p));
    });
  });
}

const canListen = (port: number) =>
  listenFree(port).then(
    () => true,
    () => false,
  );

/**
 * Starts `bao server -dev` on a free 127.0.0.1 port (no token helper file), waits until it is active,
 * and returns handles to stop, kill, restart, seal and unseal it. KV v2 is mounted at `secret/`.
 */
export async function startBao(opts: BaoOptions = {}): Promise<BaoServer> {
  const rootToken = opts.rootToken ?? `root-${randomBytes(8).toString('hex')}`;
  const port = await freePortPair();
  const scheme = opts.tls ? 'https' : 'http';
  const addr = `${scheme}://127.0.0.1:${port}`;
  const certDir = opts.tls ? mkdtempSync(join(tmpdir(), 'zk-bao-tls-')) : undefined;
  const caCertPath = certDir ? join(certDir, 'vault-ca.pem') : undefined;
  let agent: Agent | undefined;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let key = '';

  const doFetch = async (url: string, init: RequestInit): Promise<Response> => {
    if (caCertPath && !agent) agent = new Agent({ connect: { ca: readFileSync(caCertPath, 'utf8') } });
    return agent
      ? ((await undiciFetch(url, { ...(init as object), dispatcher: agent })) as unknown as Response)
      : fetch(url, init);
  };

  const api: BaoServer['api'] = async (method, path, body, headers) => {
    const res = await doFetch(`${addr}/v1/${path}`, {
      method,
      headers: { 'X-Vault-Token': rootToken, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed };
  };

  const launch = async () => {
    const args = [
      'server',
      '-dev',
      `-dev-listen-address=127.0.0.1:${port}`,
      `-dev-root-token-id=${rootToken}`,
      '-dev-no-store-token',
    ];
    if (certDir) args.push('-dev-tls', `-dev-tls-cert-dir=${certDir}`);
    const proc = spawn('bao', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BAO_ADDR: '', VAULT_ADDR: '', HOME: tmpdir() },
    });
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Unseal Key: (\S+)/.exec(out);
      if (m) key = m[1]!;
    });
    proc.stderr!.resume();
    agent = undefined;
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (proc.exitCode !== null)
        throw new Error(`bao exited with code ${proc.exitCode}: ${out.slice(-400)}`);
      try {
        const res = await doFetch(`${addr}/v1/sys/health`, { signal: AbortSignal.timeout(1000) });
        await res.body?.cancel();
        if (res.status === 200 && key) break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error('bao did not become healthy within 20s');
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    try {
      if (opts.seed) await opts.seed(server);
    } catch (e) {
      // A failed seed must not leave the server running behind a caller that never got a handle to stop it.
      proc.kill('SIGKILL');
      await exited;
      throw e;
    }
  };

  const terminate = async (signal: NodeJS.Signals) => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill(signal);
    await exited;
    await agent?.close();
    agent = undefined;
  };

  const server: BaoServer = {
    addr,
    rootToken,
    caCertPath,
    unsealKey: () => key,
    api,
    async stop() {
      await terminate('SIGTERM');
      if (certDir) rmSync(certDir, { recursive: true, force: true });
    },
    kill: () => terminate('SIGKILL'),
    async restart() {
      await terminate('SIGTERM');
      await launch();
    },
    async seal() {
      const r = await api('POST', 'sys/seal');
      if (r.status !== 204 && r.status !== 200) throw new Error(`seal failed: ${r.status}`);
    },
    async unseal() {
      const r = await api('POST', 'sys/unseal', { key });
      if (r.status !== 200 || r.body?.sealed !== false) throw new Error(`unseal failed: ${r.status}`);
      for (let i = 0; i < 100; i++) {
        const h = await doFetch(`${addr}/v1/sys/health`, { signal: AbortSignal.timeout(1000) });
        await h.body?.cancel();
        if (h.status === 200) return;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error('bao did not become active after unseal');
    },
  };
  await launch();
  return server;
}

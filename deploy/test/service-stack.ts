import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import type { ServiceName } from '@zakupai/secrets';
import { createAppRole, mountKv, putSecret, readPolicy, writePolicy } from '@zakupai/testing/bao-fixtures';
import { FakeGoszakup } from '@zakupai/testing/fake-goszakup';
import { freePort } from '@zakupai/testing/free-port';
import { capture } from '@zakupai/testing/leak-audit';
import { createTestDatabase, type TestDatabase } from '@zakupai/testing/pg';
import { spawnService, type ServiceProcess } from '@zakupai/testing/service-process';
import { putMonitoringSecret } from './monitoring-secret.ts';
import { startTelemetryBao, type TelemetryBao } from './telemetry-bao.ts';

/** Services this stack can run, each as its own process with its secrets from OpenBao. */
export type StackService = 'calc' | 'risk' | 'etl' | 'gateway';

export interface ServiceStackOptions {
  services: readonly StackService[];
  /** Written to `zakupai/monitoring` for `zakupai alertmanager render`. */
  telegram: { botToken: string; chatId: string };
  /** VAULT_REFRESH_INTERVAL of every service (default the services' own, 5m). */
  refreshInterval?: string;
  /** Lots the fake Goszakup serves (etl syncs them). */
  goszakupLots?: number;
}

/** `VAULT_ROLE_ID_FILE` and `VAULT_SECRET_ID_FILE` of one AppRole, as the deploy mounts them. */
export type CredentialFiles = { VAULT_ROLE_ID_FILE: string; VAULT_SECRET_ID_FILE: string };

export interface ServiceStack {
  bao: TelemetryBao;
  db: TestDatabase;
  goszakup: FakeGoszakup;
  services: Partial<Record<StackService, ServiceProcess>>;
  /**
   * Resolves once every service answers (`/ready`; the gateway `/health`). The stack returns as soon as the
   * processes are spawned and their ports known, so Prometheus can start while they boot.
   */
  ready: Promise<void>;
  /** Started service by name; throws when the stack does not run it. */
  service(name: StackService): ServiceProcess;
  /** The AppRole credential files of `zakupai-<name>` (monitoring included). */
  credentials(name: ServiceName): CredentialFiles;
  /** Prometheus scrape jobs named after the services (their metrics ports), plus `vault` (its telemetry). */
  scrapeConfigs(): Record<string, unknown>[];
  stop(): Promise<void>;
}

/** `host:port` of a service's metrics endpoint: its Prometheus target and its alerts' `instance`. */
export const metricsTarget = (p: ServiceProcess): string => new URL(p.metricsUrl).host;

/**
 * The platform as deployed, on loopback: a real OpenBao (KV v2 at `zakupai`, one read-only policy and AppRole per
 * path, credentials as 0600 files), one fresh PostgreSQL database shared by the services as in compose, the fake
 * Goszakup, and the requested services as processes that know nothing but VAULT_ADDR and their AppRole files.
 * The gateway gets the machine's Redis and a billing address where nothing listens: an API-key request is then
 * the 503 that the 5xx panels and rules need.
 */
export async function startServiceStack(opts: ServiceStackOptions): Promise<ServiceStack> {
  const stoppers: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
  };
  try {
    const bao = await startTelemetryBao();
    stoppers.push(() => bao.stop());
    const db = await createTestDatabase('zk_deploy');
    stoppers.push(() => db.drop());
    const goszakupToken = `gz-${randomBytes(12).toString('hex')}`;
    const goszakup = await FakeGoszakup.start({ lots: opts.goszakupLots ?? 120, token: goszakupToken });
    stoppers.push(() => goszakup.close());
    const credDir = mkdtempSync(join(tmpdir(), 'zk-deploy-approle-'));
    stoppers.push(async () => rmSync(credDir, { recursive: true, force: true }));

    await mountKv(bao, 'zakupai', 2);
    const pepper = randomBytes(32).toString('base64url');
    const { publicKey } = await generateKeyPair('ES256');
    const secrets: Record<ServiceName, Record<string, string>> = {
      calc: { DATABASE_URL: db.url },
      risk: { DATABASE_URL: db.url },
      etl: { DATABASE_URL: db.url, GOSZAKUP_TOKEN: goszakupToken },
      billing: {},
      gateway: {
        REDIS_URL: 'redis://127.0.0.1:6379',
        JWT_PUBLIC_KEYS: JSON.stringify({
          keys: [{ ...(await exportJWK(publicKey)), kid: 'deploy-test', alg: 'ES256', use: 'sig' }],
        }),
        API_KEY_PEPPER: pepper,
      },
      monitoring: {},
    };
    const creds = new Map<ServiceName, CredentialFiles>();
    const seed = async (name: ServiceName, data: Record<string, string>) => {
      await writePolicy(bao, `zakupai-${name}`, readPolicy('zakupai', name));
      const role = await createAppRole(bao, `zakupai-${name}`, { policies: [`zakupai-${name}`] });
      const dir = join(credDir, name);
      const files = {
        VAULT_ROLE_ID_FILE: join(dir, 'role_id'),
        VAULT_SECRET_ID_FILE: join(dir, 'secret_id'),
      };
      writeCredentialFiles(dir, files, role);
      creds.set(name, files);
      if (Object.keys(data).length > 0) await putSecret(bao, 'zakupai', name, data);
    };
    for (const name of opts.services) await seed(name, secrets[name]);
    await seed('monitoring', {});
    await putMonitoringSecret(bao, opts.telegram);

    const services: Partial<Record<StackService, ServiceProcess>> = {};
    const common = (name: ServiceName): Record<string, string> => ({
      VAULT_ADDR: bao.addr,
      ...creds.get(name)!,
      ...(opts.refreshInterval ? { VAULT_REFRESH_INTERVAL: opts.refreshInterval } : {}),
    });
    /** Spawns the process; resolves once it is spawned, with a promise of its readiness. */
    const spawn = async (name: StackService, env: Record<string, string>, ready = true) => {
      const p = await spawnService(name, { ...common(name), ...env });
      services[name] = p;
      stoppers.push(async () => {
        await p.stop();
        capture(`deploy-${name}-output`, p.output());
      });
      return { ready: ready ? p.waitReady() : waitHealthy(name, p) };
    };
    // All at once: the shared database is safe, `migrate` serialises on an advisory lock.
    const want = new Set(opts.services);
    const starting: { ready: Promise<void> }[] = [];
    if (want.has('etl'))
      starting.push(
        await spawn('etl', { GOSZAKUP_API_URL: goszakup.url, ETL_SCHEDULE: 'off', GOSZAKUP_RATE: '0' }),
      );
    if (want.has('risk')) starting.push(await spawn('risk', {}));
    if (want.has('calc')) starting.push(await spawn('calc', {}));
    if (want.has('gateway')) {
      const url = (n: StackService) => services[n]?.url ?? 'http://127.0.0.1:9';
      const env = {
        BILLING_URL: `http://127.0.0.1:${await freePort()}`,
        CALC_URL: url('calc'),
        RISK_URL: url('risk'),
        ETL_URL: url('etl'),
      };
      starting.push(await spawn('gateway', env, false)); // /ready stays 503 while billing is down
    }
    const ready = Promise.all(starting.map((s) => s.ready)).then(() => undefined);
    ready.catch(() => undefined); // reported to whoever awaits `ready`; the caller stops the stack

    return {
      bao,
      db,
      goszakup,
      services,
      ready,
      service(name) {
        const p = services[name];
        if (!p) throw new Error(`the stack does not run ${name}`);
        return p;
      },
      credentials(name) {
        const c = creds.get(name);
        if (!c) throw new Error(`no AppRole for ${name} in this stack`);
        return c;
      },
      scrapeConfigs() {
        const jobs: Record<string, unknown>[] = Object.entries(services).map(([job, p]) => ({
          job_name: job,
          static_configs: [{ targets: [metricsTarget(p)] }],
        }));
        jobs.push({
          job_name: 'vault',
          metrics_path: '/v1/sys/metrics',
          params: { format: ['prometheus'] },
          authorization: { credentials: bao.rootToken },
          static_configs: [{ targets: [bao.target] }],
        });
        return jobs;
      },
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/** Polls GET /health (the process answers, whatever its dependencies say). */
async function waitHealthy(name: string, p: ServiceProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${p.url}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (p.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} not healthy after ${timeoutMs} ms; output:\n${p.output()}`);
}

function writeCredentialFiles(
  dir: string,
  files: CredentialFiles,
  role: { roleId: string; secretId: string },
): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(files.VAULT_ROLE_ID_FILE, role.roleId, { mode: 0o600 });
  writeFileSync(files.VAULT_SECRET_ID_FILE, role.secretId, { mode: 0o600 });
}

/** `POST /etl/sync {wait: true}` against the fake Goszakup; returns the per-entity results. */
export async function syncEtl(
  etl: ServiceProcess,
  entities?: string[],
): Promise<{ entity: string; status: string; upserted: number }[]> {
  const res = await fetch(`${etl.url}/etl/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...(entities ? { entities } : {}), wait: true }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST /etl/sync → ${res.status}: ${text}`);
  return (JSON.parse(text) as { results: { entity: string; status: string; upserted: number }[] }).results;
}

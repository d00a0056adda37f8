import { capture } from '@zakupai/testing/leak-audit';
import { metricValue } from '@zakupai/testing/service-process';
import type { ServiceName } from './managed-service.ts';
import { SERVICE_NAMES, until, type ChaosPlatform } from './platform.ts';
import { drainProbe, type ProbeResult } from './drain-probe.ts';
import { nextClient, send } from './traffic.ts';
import { ALL_SERVICES, type Windows } from './windows.ts';

export interface FaultContext {
  p: ChaosPlatform;
  windows: Windows;
  round: number;
}

/** What one fault did, for the report: `detail` holds the checks it made. */
export interface FaultNote {
  round: number;
  fault: string;
  ok: boolean;
  ms: number;
  detail: string;
}

export type Fault = { name: string; run: (c: FaultContext) => Promise<string> };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readyBody(url: string): Promise<string> {
  const r = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) });
  const body = await r.text();
  capture('chaos-ready', body);
  return body;
}

/** Every service serves with fresh secrets again (`/ready` says `secrets: ok`, not `stale`). */
async function waitFresh(p: ChaosPlatform, timeoutMs = 40_000): Promise<void> {
  await until('every service on fresh secrets', timeoutMs, async () => {
    const bodies = await Promise.all(SERVICE_NAMES.map((n) => readyBody(p.services[n].url)));
    return bodies.every((b) => b.includes('"secrets":"ok"'));
  });
}

async function waitStale(p: ChaosPlatform, timeoutMs = 20_000): Promise<void> {
  await until('every service reports stale secrets', timeoutMs, async () => {
    const bodies = await Promise.all(SERVICE_NAMES.map((n) => readyBody(p.services[n].url)));
    return bodies.every((b) => b.includes('"secrets":"stale"'));
  });
}

const vaultKill: Fault = {
  name: 'vault-kill',
  run: ({ p, windows, round }) =>
    windows.run(round, 'vault-kill', { down: [] }, async () => {
      await p.bao.kill();
      await waitStale(p);
      await sleep(2000);
      await p.bao.restart();
      await waitFresh(p);
      return 'killed (SIGKILL), every service reported stale and kept serving, restarted and re-seeded, every service fresh again';
    }),
};

const vaultSeal: Fault = {
  name: 'vault-seal',
  run: ({ p, windows, round }) =>
    windows.run(round, 'vault-seal', { down: [] }, async () => {
      await p.bao.seal();
      await waitStale(p);
      await sleep(2000);
      await p.bao.unseal();
      await waitFresh(p);
      return 'sealed, every service stale and serving, unsealed, fresh again';
    }),
};

/** Tokens expire under load all the time (short TTLs); this window watches one max-TTL period with nothing else. */
function tokenExpiry(maxTtlMs: number): Fault {
  return {
    name: 'token-expiry',
    run: ({ p, windows, round }) =>
      windows.run(round, 'token-expiry', { down: [] }, async () => {
        const before = Object.fromEntries(SERVICE_NAMES.map((n) => [n, p.services[n].logins]));
        await sleep(maxTtlMs + 2500);
        const relogged = SERVICE_NAMES.map((n) => [n, p.services[n].logins - before[n]!] as const);
        const missing = relogged.filter(([, d]) => d < 1);
        if (missing.length)
          throw new Error(`no Vault re-login within a max TTL for ${missing.map(([n]) => n).join(', ')}`);
        return `re-logins in ${maxTtlMs + 2500} ms: ${relogged.map(([n, d]) => `${n} ${d}`).join(', ')}`;
      }),
  };
}

const rotations: Fault[] = [
  {
    name: 'rotate-db-password',
    run: ({ p, windows, round }) =>
      windows.run(round, 'rotate-db-password', { down: [] }, async () => {
        await p.rotateDbPassword();
        return 'ALTER ROLE + new DATABASE_URL in Vault; calc, risk, etl and billing moved their pools';
      }),
  },
  {
    name: 'rotate-goszakup-token',
    run: ({ p, windows, round }) =>
      windows.run(round, 'rotate-goszakup-token', { down: [] }, async () => {
        await p.rotateGoszakupToken();
        return 'new token in Vault, old one refused by the fake; a sync through the gateway then succeeded';
      }),
  },
  {
    name: 'rotate-jwks',
    run: ({ p, windows, round }) =>
      windows.run(round, 'rotate-jwks', { down: [] }, async () => {
        await p.rotateJwks();
        return 'new key published beside the old, load switched to it, old key withdrawn and refused (401)';
      }),
  },
  {
    name: 'rotate-telegram-token',
    run: ({ p, windows, round }) =>
      windows.run(round, 'rotate-telegram-token', { down: [] }, async () => {
        await p.rotateTelegram();
        return '`zakupai alertmanager render` (AppRole zakupai-monitoring) wrote the new token';
      }),
  },
];

const pgRestart: Fault = {
  name: 'pg-restart',
  run: ({ p, windows, round }) =>
    windows.run(round, 'pg-restart', { down: ['calc', 'risk', 'etl', 'billing'] }, async () => {
      const t0 = Date.now();
      await p.pg.restart(3000);
      const downMs = Date.now() - t0;
      await p.waitReady(SERVICE_NAMES, 30_000);
      return `pg_ctl stop -m fast, 3 s down, start (${downMs} ms); every service ready again after ${Date.now() - t0} ms`;
    }),
};

const redisKill: Fault = {
  name: 'redis-kill',
  run: ({ p, windows, round }) =>
    windows.run(round, 'redis-kill', { down: [] }, async () => {
      const fallback = async () =>
        metricValue(await (await fetch(p.services.gateway.metricsUrl)).text(), 'gateway_ratelimit_fallback');
      await p.redis.kill();
      await until('gateway falls back to in-memory limits', 20_000, async () => (await fallback()) === 1);
      await sleep(1500);
      await p.redis.start();
      await until('gateway back on Redis', 30_000, async () => (await fallback()) === 0);
      return 'SIGKILL, gateway_ratelimit_fallback 1, restarted, back to 0';
    }),
};

const etlSigkill: Fault = {
  name: 'etl-sigkill-mid-sync',
  run: ({ p, windows, round }) =>
    windows.run(round, 'etl-sigkill-mid-sync', { down: ['etl'] }, async () => {
      await until('no sync running', 60_000, async () => {
        const s = await send(`${p.services.etl.url}/etl/status`, { method: 'GET' });
        return s.status === 200 && (JSON.parse(s.body) as { running: string[] }).running.length === 0;
      });
      const started = await send(`${p.gatewayUrl}/api/etl/etl/sync`, {
        method: 'POST',
        headers: { 'x-api-key': p.apiKey, ...nextClient() },
        body: JSON.stringify({ full: true }),
      });
      if (started.status !== 202)
        throw new Error(`sync not started: ${started.status} ${started.body.slice(0, 200)}`);
      let items = 0;
      await until('lots sync committed a page and is still running', 60_000, async () => {
        const [cp] = await p.observe<{ in_progress: boolean; items_in_run: string }>(
          `SELECT in_progress, items_in_run::text FROM zakupai.etl_checkpoints WHERE entity = 'lots'`,
        );
        items = Number(cp?.items_in_run ?? 0);
        return cp?.in_progress === true && items > 0;
      });
      const exit = await p.services.etl.stop('SIGKILL');
      const [cp] = await p.observe<{ in_progress: boolean }>(
        `SELECT in_progress FROM zakupai.etl_checkpoints WHERE entity = 'lots'`,
      );
      if (exit !== 'SIGKILL' || cp?.in_progress !== true)
        throw new Error(`etl was not killed mid-sync (exit ${exit})`);
      p.services.etl.start();
      await p.services.etl.waitReady();
      return `SIGKILL with lots in progress (${items} items of the run committed), restarted`;
    }),
};

interface ProbeTarget {
  url: string;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: string;
  /** The answers a drained request may get. */
  accept: (r: ProbeResult) => boolean;
}

async function probeTarget(p: ChaosPlatform, n: ServiceName): Promise<ProbeTarget> {
  const key = { 'x-api-key': p.apiKey, ...nextClient() };
  const is200 = (r: ProbeResult) => r.status === 200;
  switch (n) {
    case 'calc':
    case 'gateway':
      return {
        url: `${p.gatewayUrl}/api/calc/vat`,
        method: 'POST',
        headers: key,
        body: JSON.stringify({ amount: '2320', date: '2026-01-01' }),
        accept: is200,
      };
    case 'risk':
      return {
        url: `${p.gatewayUrl}/api/risk/risk/score`,
        method: 'POST',
        headers: key,
        body: JSON.stringify({ ...p.sampleLot, id: 'CH-PROBE' }),
        accept: is200,
      };
    case 'etl':
      // 202 (a sync of trd_buy starts) or 409 (one is already running): either is the service's own answer.
      return {
        url: `${p.gatewayUrl}/api/etl/etl/sync`,
        method: 'POST',
        headers: key,
        body: JSON.stringify({ entities: ['trd_buy'] }),
        accept: (r) => r.status === 202 || r.status === 409,
      };
    case 'billing':
      return {
        url: `${p.services.billing.url}/admin/plans/chaos-probe`,
        method: 'PUT',
        headers: { authorization: `Bearer ${await p.adminToken()}` },
        body: JSON.stringify({ hourlyQuota: 1000, dailyQuota: 10000, features: ['basic_analysis'] }),
        accept: is200,
      };
  }
}

/** SIGTERM under load with a request in flight: it must be answered, the exit clean, the restart ready. */
function sigterm(n: ServiceName): Fault {
  return {
    name: `sigterm-${n}`,
    run: ({ p, windows, round }) =>
      windows.run(round, `sigterm-${n}`, { down: [n], refused: n === 'gateway' }, async () => {
        const svc = p.services[n];
        const target = await probeTarget(p, n);
        let signalledAt = 0;
        const probe = await drainProbe(target.url, target.method, target.headers, target.body, () => {
          signalledAt = Date.now();
          void svc.stop('SIGTERM');
        });
        capture('chaos-probe', probe.body);
        const exit = await svc.stop('SIGTERM');
        const stopMs = Date.now() - signalledAt;
        if (!target.accept(probe))
          throw new Error(
            `in-flight request at SIGTERM of ${n} got ${probe.status || probe.outcome}: ${probe.body.slice(0, 200)}`,
          );
        if (exit !== 0) throw new Error(`${n} exited with ${exit} after SIGTERM`);
        svc.start();
        await svc.waitReady();
        if (n === 'billing' || n === 'gateway') await p.waitReady(['gateway']);
        return `in-flight request answered ${probe.status} after ${probe.ms} ms, exit 0 ${stopMs} ms after SIGTERM, restarted`;
      }),
  };
}

/** One round: every fault once, one at a time. */
export function roundOfFaults(maxTtlMs: number): Fault[] {
  return [
    vaultKill,
    vaultSeal,
    tokenExpiry(maxTtlMs),
    ...rotations,
    pgRestart,
    redisKill,
    etlSigkill,
    ...ALL_SERVICES.map(sigterm),
  ];
}

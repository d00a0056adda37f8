import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { capture } from '@zakupai/testing/leak-audit';
import { roundOfFaults, type FaultNote } from './faults.ts';
import { ChaosPlatform, SERVICE_NAMES, until } from './platform.ts';
import { checkGoszakupTables, checkStoredRequests, type StoredCheck, type TableCheck } from './rows.ts';
import { send, Traffic } from './traffic.ts';
import { judge, requestTable, table, tally, type JudgedRecord, type Row } from './verdict.ts';
import { Windows } from './windows.ts';

export interface ChaosOptions {
  /** Rounds of faults continue while another one fits in this time; at least one round always runs. */
  durationMs: number;
  workers: number;
  gapMs: number;
  lots: number;
  tokenTtl: string;
  tokenMaxTtl: string;
  log: (line: string) => void;
  /** Where to write every request as a JSON line (route, times, status, outcome, windows, judgement). */
  recordsFile?: string;
}

export interface ChaosResult {
  rounds: number;
  elapsedMs: number;
  judged: JudgedRecord[];
  rows: Row[];
  notes: FaultNote[];
  tables: TableCheck[];
  stored: StoredCheck[];
  finalSync: Array<{ entity: string; status: string }>;
  report: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts every service that is not running (after a fault that failed half-way) and waits until all are ready. */
async function recover(p: ChaosPlatform): Promise<void> {
  for (const n of SERVICE_NAMES) if (!p.services[n].running) p.services[n].start();
  await p.waitReady(SERVICE_NAMES, 60_000);
}

async function finalSync(p: ChaosPlatform): Promise<Array<{ entity: string; status: string }>> {
  await until('no sync running', 120_000, async () => {
    const s = await send(`${p.services.etl.url}/etl/status`, { method: 'GET' });
    return s.status === 200 && (JSON.parse(s.body) as { running: string[] }).running.length === 0;
  });
  const r = await send(`${p.services.etl.url}/etl/sync`, {
    method: 'POST',
    body: JSON.stringify({ wait: true }),
    timeoutMs: 180_000,
  });
  capture('chaos-final-sync', r.body);
  if (r.status !== 200) throw new Error(`final sync: ${r.status} ${r.body.slice(0, 300)}`);
  return (JSON.parse(r.body) as { results: Array<{ entity: string; status: string }> }).results.map(
    ({ entity, status }) => ({ entity, status }),
  );
}

/**
 * The chaos run: the platform up, steady load through the gateway, rounds of faults one at a time, then the load
 * stops, a final sync runs, and every stored row is checked against what was acknowledged and what the API serves.
 */
export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const t0 = Date.now();
  const tag = randomBytes(3).toString('hex');
  const maxTtlMs = Number.parseInt(o.tokenMaxTtl, 10) * 1000;
  o.log(`chaos ${tag}: starting OpenBao, PostgreSQL (scram), redis-server, fake Goszakup and five services`);
  const p = await ChaosPlatform.start({ lots: o.lots, tokenTtl: o.tokenTtl, tokenMaxTtl: o.tokenMaxTtl });
  const windows = new Windows();
  const notes: FaultNote[] = [];
  let traffic: Traffic | undefined;
  const bearerTimer = setInterval(() => void p.refreshBearer().catch(() => {}), 60_000);
  try {
    o.log(
      `chaos ${tag}: platform up in ${Date.now() - t0} ms; load: ${o.workers} workers, ≥${o.gapMs} ms apart`,
    );
    await p.refreshBearer();
    traffic = new Traffic({
      gatewayUrl: p.gatewayUrl,
      apiKey: p.apiKey,
      bearer: () => p.bearer(),
      lot: p.sampleLot,
      workers: o.workers,
      gapMs: o.gapMs,
      tag,
    });
    traffic.start();
    await sleep(3000);
    let round = 0;
    let lastRoundMs = 0;
    do {
      round += 1;
      const r0 = Date.now();
      for (const fault of roundOfFaults(maxTtlMs)) {
        const f0 = Date.now();
        try {
          const detail = await fault.run({ p, windows, round });
          notes.push({ round, fault: fault.name, ok: true, ms: Date.now() - f0, detail });
        } catch (e) {
          const detail = e instanceof Error ? e.message.split('\n')[0]! : String(e);
          notes.push({ round, fault: fault.name, ok: false, ms: Date.now() - f0, detail });
          await recover(p).catch((err: unknown) =>
            o.log(`recovery after ${fault.name} failed: ${String(err)}`),
          );
        }
        const last = notes.at(-1)!;
        o.log(
          `  r${round} ${fault.name.padEnd(22)} ${last.ok ? 'ok  ' : 'FAIL'} ${String(last.ms).padStart(6)} ms  ${last.detail}`,
        );
        await sleep(1500);
      }
      lastRoundMs = Date.now() - r0;
    } while (Date.now() - t0 + lastRoundMs + 30_000 < o.durationMs);
    await sleep(2000);
    await traffic.stop();
    const sync = await finalSync(p);
    const tables = await checkGoszakupTables(p.fake, (sql, params) => p.observe(sql, params));
    const stored = [
      await checkStoredRequests(
        'zakupai.finance_calcs',
        new Set(['calc.vat', 'calc.vat.jwt']),
        traffic.records,
        tag,
        (sql, params) => p.observe(sql, params),
      ),
      await checkStoredRequests(
        'zakupai.risk_evaluations',
        new Set(['risk.score']),
        traffic.records,
        tag,
        (sql, params) => p.observe(sql, params),
      ),
    ];
    const judged = traffic.records.map((r) => judge(r, windows));
    if (o.recordsFile) {
      const lines = judged.map((r) =>
        JSON.stringify({ ...r, latencyMs: r.endAt - r.sentAt, windows: r.windows.map((w) => w.label) }),
      );
      writeFileSync(o.recordsFile, `${lines.join('\n')}\n`);
    }
    const rows = tally(judged);
    const elapsedMs = Date.now() - t0;
    const report = [
      `chaos run ${tag}: ${round} round(s) of ${roundOfFaults(maxTtlMs).length} faults in ${(elapsedMs / 1000).toFixed(0)} s; ` +
        `logins: ${SERVICE_NAMES.map((n) => `${n} ${p.services[n].logins}`).join(', ')}`,
      '',
      'Requests through the gateway, by fault window (every round merged):',
      requestTable(rows),
      '',
      'By route:',
      requestTable(
        tally(judged, (r) => r.route),
        'route',
      ),
      '',
      'Faults:',
      table(
        ['round', 'fault', 'result', 'ms', 'checks'],
        notes.map((n) => [String(n.round), n.fault, n.ok ? 'ok' : 'FAILED', n.ms, n.detail]),
      ),
      '',
      'Rows:',
      table(
        ['table', 'expected', 'rows', 'lost', 'duplicated', 'extra/changed'],
        tables.map((t) => [t.table, t.expected, t.actual, t.lost, t.duplicated, t.extraOrChanged]),
      ),
      table(
        ['table', '200 answers', 'rows', 'lost', 'duplicated', 'stored unacknowledged'],
        stored.map((s) => [s.table, s.acknowledged, s.rows, s.lost, s.duplicated, s.unacknowledged]),
      ),
      `final sync: ${sync.map((s) => `${s.entity} ${s.status}`).join(', ')}`,
    ].join('\n');
    return { rounds: round, elapsedMs, judged, rows, notes, tables, stored, finalSync: sync, report };
  } catch (e) {
    if (e instanceof Error)
      e.message += `\n${SERVICE_NAMES.map((n) => `--- ${n}\n${p.services[n].tail(1500)}`).join('\n')}`;
    throw e;
  } finally {
    clearInterval(bearerTimer);
    await traffic?.stop();
    await p.stop();
  }
}

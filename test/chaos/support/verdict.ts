import { serviceOfRoute, type Outcome, type RequestRecord } from './traffic.ts';
import type { FaultWindow, Windows } from './windows.ts';

/** A 503 inside a dependency's outage must come this fast (and carry Retry-After): a fast refusal, not a hang. */
export const FAST_503_MS = 2000;

export type Judgement = 'ok' | 'expected-503' | 'expected-refused' | 'violation';

export interface JudgedRecord extends RequestRecord {
  windows: FaultWindow[];
  judgement: Judgement;
  /** Why a violation is one. */
  reason?: string;
}

/**
 * Judges one request: a 2xx is fine anywhere. A 503 is expected only inside a window that took down the service
 * behind its route, or billing (which every API key check needs once the verdict cache expires), or the gateway,
 * and only fast and with Retry-After. A refused connection is expected only while the gateway is down. Anything
 * else — a 4xx, 500, 502, a reset, a timeout, any failure outside a window — is a violation.
 */
export function judge(r: RequestRecord, windows: Windows): JudgedRecord {
  const ws = windows.overlapping(r.sentAt, r.endAt);
  const latency = r.endAt - r.sentAt;
  const service = serviceOfRoute[r.route];
  const out = (judgement: Judgement, reason?: string): JudgedRecord => ({
    ...r,
    windows: ws,
    judgement,
    ...(reason ? { reason } : {}),
  });
  if (r.outcome === '2xx') return out('ok');
  const down = ws.some(
    (w) => w.down.includes(service) || w.down.includes('billing') || w.down.includes('gateway'),
  );
  if (r.status === 503 && down) {
    if (r.retryAfter === undefined) return out('violation', '503 without Retry-After');
    if (latency >= FAST_503_MS) return out('violation', `503 after ${latency} ms`);
    return out('expected-503');
  }
  if (r.outcome === 'refused' && ws.some((w) => w.refused)) return out('expected-refused');
  const where = ws.length ? `in ${ws.map((w) => w.label).join(', ')}` : 'outside any fault window';
  return out(
    'violation',
    `${r.outcome === '4xx' || r.outcome === '5xx' ? r.status : r.outcome} ${r.code ?? ''} ${where}`.trim(),
  );
}

export interface Row {
  window: string;
  sent: number;
  ok: number;
  expected503: number;
  refused: number;
  violations: number;
  byOutcome: Partial<Record<Outcome, number>>;
  p50: number;
  p99: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Totals per fault (rounds merged; a request in two windows counts in the first) and for the steady state. */
export const byFault = (r: JudgedRecord): string => r.windows[0]?.fault ?? 'steady (no fault)';

/** Totals per group (`byFault` by default), then over everything. */
export function tally(
  judged: readonly JudgedRecord[],
  groupOf: (r: JudgedRecord) => string = byFault,
): Row[] {
  const groups = new Map<string, JudgedRecord[]>();
  for (const r of judged) {
    const key = groupOf(r);
    const g = groups.get(key) ?? [];
    g.push(r);
    groups.set(key, g);
  }
  const rows: Row[] = [];
  const summarise = (window: string, rs: readonly JudgedRecord[]): Row => {
    const lat = rs.map((r) => r.endAt - r.sentAt).sort((a, b) => a - b);
    const byOutcome: Partial<Record<Outcome, number>> = {};
    for (const r of rs) byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
    return {
      window,
      sent: rs.length,
      ok: rs.filter((r) => r.judgement === 'ok').length,
      expected503: rs.filter((r) => r.judgement === 'expected-503').length,
      refused: rs.filter((r) => r.judgement === 'expected-refused').length,
      violations: rs.filter((r) => r.judgement === 'violation').length,
      byOutcome,
      p50: percentile(lat, 50),
      p99: percentile(lat, 99),
      max: lat.at(-1) ?? 0,
    };
  };
  for (const [k, rs] of groups) rows.push(summarise(k, rs));
  rows.push(summarise('TOTAL', judged));
  return rows;
}

/** A fixed-width text table. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (/^\d+$/.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

export function requestTable(rows: readonly Row[], first = 'window'): string {
  return table(
    [
      first,
      'sent',
      '2xx',
      '503 ok',
      'refused ok',
      'VIOLATIONS',
      '4xx',
      '5xx',
      'reset',
      'timeout',
      'p50 ms',
      'p99 ms',
      'max ms',
    ],
    rows.map((r) => [
      r.window,
      r.sent,
      r.ok,
      r.expected503,
      r.refused,
      r.violations,
      r.byOutcome['4xx'] ?? 0,
      r.byOutcome['5xx'] ?? 0,
      r.byOutcome.reset ?? 0,
      r.byOutcome.timeout ?? 0,
      r.p50,
      r.p99,
      r.max,
    ]),
  );
}

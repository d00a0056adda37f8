// Time from threshold crossing to Telegram delivery: the real risk service (a process, secrets from OpenBao) → real
// Prometheus → real Alertmanager → fake Telegram, on loopback. Median of several runs, against the floor set by the
// configured intervals.
//   npx tsx bench/alert-latency.ts          (ALERT_BENCH_RUNS=5 by default)
// The ratio crosses 10 when a `POST /risk/batch` that rescores lot B1 at a dumping price commits (1 of 8 lots:
// 12.5); the clock starts when that request is sent. The floor is scrape + evaluation + for + group_wait: the time
// the pipeline is configured to take when every interval is waited out in full; a median below it means phases
// overlapped (the crossing lands part-way through a scrape or evaluation interval), far above it means overhead.
import { pathToFileURL } from 'node:url';
import { defaultIntervals, startAlertStack, waitFirstScrape } from '../deploy/test/alert-stack.ts';
import { ids, plan } from '../deploy/test/risk-lots.ts';

export async function run(): Promise<{
  name: string;
  ratio: number;
  details: Record<string, number | string>;
}> {
  const runs = Number(process.env.ALERT_BENCH_RUNS ?? 5);
  const iv = defaultIntervals;
  const stack = await startAlertStack(iv, ['risk']);
  const firing: number[] = [];
  const resolved: number[] = [];
  const scoring: number[] = [];
  try {
    await stack.risk.score(plan([], ids('B', 1, 8)));
    await waitFirstScrape(stack);
    for (let i = 0; i < runs; i++) {
      const up = Date.now();
      await stack.risk.score(plan(['B1']));
      scoring.push(Date.now() - up);
      const f = await stack.telegram.waitFor(
        (r) => r.at >= up && /<b>FIRING<\/b> <b>AntiDumpingRatioHigh<\/b>/.test(r.text ?? ''),
      );
      firing.push(f.at - up);
      const down = Date.now();
      await stack.risk.score(plan([], ['B1']));
      const r = await stack.telegram.waitFor(
        (m) => m.at >= down && /<b>RESOLVED<\/b> <b>AntiDumpingRatioHigh<\/b>/.test(m.text ?? ''),
      );
      resolved.push(r.at - down);
      // let Alertmanager's group settle so the next run starts from a resolved, flushed group
      await new Promise((res) => setTimeout(res, iv.groupInterval * 1000));
    }
  } finally {
    await stack.stop();
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const floorMs = (iv.scrape + iv.evaluation + iv.for + iv.groupWait) * 1000;
  const med = median(firing);
  return {
    name: 'alert-latency',
    ratio: Math.round((med / floorMs) * 100) / 100,
    details: {
      runs,
      median_firing_ms: med,
      min_firing_ms: Math.min(...firing),
      max_firing_ms: Math.max(...firing),
      median_resolved_ms: median(resolved),
      median_scoring_request_ms: median(scoring),
      floor_ms: floorMs,
      lower_bound_ms: (iv.for + iv.groupWait) * 1000,
      intervals: `scrape ${iv.scrape}s, evaluation ${iv.evaluation}s, for ${iv.for}s, group_wait ${iv.groupWait}s, group_interval ${iv.groupInterval}s`,
      firing_ms: firing.join(' '),
      resolved_ms: resolved.join(' '),
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  console.log(JSON.stringify(r, null, 2));
}

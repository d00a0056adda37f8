import { pathToFileURL } from 'node:url';
import { Pool } from 'undici';

/** The shape every benchmark returns, so `bench/run.ts` can put them in one report. */
export interface BenchResult {
  name: string;
  /** The measured figure divided by its same-run baseline. */
  ratio: number;
  details: Record<string, number | string>;
}

export interface LoadOptions {
  /** Measured time, after warm-up. */
  durationMs?: number;
  warmupMs?: number;
  /** Concurrent keep-alive connections. */
  connections?: number;
  /** Hard cap on measured requests. */
  maxRequests?: number;
}

export interface LoadRequest {
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** Status counted as success (default 200). */
  expect?: number;
}

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
}

export const loadDefaults: Required<LoadOptions> = {
  durationMs: 3000,
  warmupMs: 500,
  connections: 16,
  maxRequests: 200_000,
};

/** A closed loop over loopback: `connections` workers each send the next request when the previous answers. */
export async function load(
  baseUrl: string,
  req: LoadRequest,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const o = { ...loadDefaults, ...options };
  const pool = new Pool(baseUrl, { connections: o.connections, pipelining: 1 });
  const headers = { ...(req.body ? { 'content-type': 'application/json' } : {}), ...req.headers };
  const send = async () => {
    const res = await pool.request({
      path: req.path,
      method: req.method ?? 'GET',
      headers,
      body: req.body ?? null,
    });
    await res.body.dump();
    return res.statusCode;
  };
  try {
    const warmEnd = performance.now() + o.warmupMs;
    await Promise.all(
      Array.from({ length: o.connections }, async () => {
        while (performance.now() < warmEnd) await send();
      }),
    );
    const latencies: number[] = [];
    let errors = 0;
    const start = performance.now();
    const end = start + o.durationMs;
    await Promise.all(
      Array.from({ length: o.connections }, async () => {
        while (performance.now() < end && latencies.length < o.maxRequests) {
          const t = performance.now();
          const status = await send();
          latencies.push(performance.now() - t);
          if (status !== (req.expect ?? 200)) errors += 1;
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      rps: latencies.length / seconds,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      requests: latencies.length,
      errors,
    };
  } finally {
    await pool.close();
  }
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function round(x: number, places: number): number {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}

/** Runs a benchmark module's `run()` when the file is executed directly (`npx tsx bench/x.ts`). */
export function runIfMain(moduleUrl: string, run: () => Promise<BenchResult>): void {
  if (process.argv[1] && moduleUrl === pathToFileURL(process.argv[1]).href) {
    run().then(
      (r) => console.log(JSON.stringify(r, null, 2)),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  }
}

import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Platform, FuzzedService } from './platform.ts';

/** The pinned version; `scripts/install-test-deps.sh` installs it. */
export const SCHEMATHESIS_VERSION = '4.32.5';
const HOOKS = join(import.meta.dirname, '..', 'st_hooks.py');

/**
 * What every run checks: no 5xx, every status documented, the documented content type, documented headers, every
 * body valid against its response schema, and schema-violating requests refused. Not checked:
 * positive_data_acceptance (money is typeless in the documents on purpose, and cross-field rules such as "reference
 * price required unless eshop" cannot be written in them), unsupported_method (an unknown method is a uniform 404,
 * not a 405), and the stateful checks that need a resource model.
 */
export const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
];

export interface FuzzTarget {
  /** `calc`, or `gateway→calc`. */
  name: string;
  service: FuzzedService;
  /** Where the requests go: the service, or `<gateway>/api/<service>`. */
  baseUrl: string;
  /** Sent with every request, through the environment (never argv). */
  headers: Record<string, string>;
}

/**
 * Each service directly, then through the gateway with the API key. Billing comes last: its fuzz run revokes keys
 * and rewrites plans (the key the gateway runs use among them), and it is reached directly only (the gateway does
 * not proxy the admin API).
 */
export function fuzzTargets(p: Platform): FuzzTarget[] {
  const out: FuzzTarget[] = [];
  const proxied: FuzzedService[] = ['calc', 'risk', 'etl'];
  for (const s of proxied) if (p.urls[s]) out.push({ name: s, service: s, baseUrl: p.urls[s]!, headers: {} });
  for (const s of proxied)
    if (p.urls[s])
      out.push({
        name: `gateway→${s}`,
        service: s,
        baseUrl: `${p.gatewayUrl}/api/${s}`,
        headers: { 'X-API-Key': p.apiKey },
      });
  out.push({
    name: 'billing',
    service: 'billing',
    baseUrl: p.urls.billing!,
    headers: { Authorization: `Bearer ${p.adminToken}` },
  });
  return out;
}

export interface RunOptions {
  seed: number;
  maxExamples: number;
  phases: Array<'examples' | 'coverage' | 'fuzzing' | 'stateful'>;
  /** Time budget of the run; fuzzing repeats until it is spent when set. */
  maxTimeSeconds?: number;
  workDir: string;
}

export interface Failure {
  code: string;
  title: string;
  count: number;
  operations: string[];
}

export interface RunResult {
  target: string;
  seed: number;
  operations: number;
  generated: number;
  errored: number;
  failures: Failure[];
  exitCode: number;
  seconds: number;
  /** The human-readable report (reproduction commands for every failure), credentials filtered by schemathesis. */
  output: string;
}

/** True when the `st` command is the pinned schemathesis. */
export function schemathesisAvailable(): boolean {
  const r = spawnSync('st', ['--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes(SCHEMATHESIS_VERSION);
}

/** The service's own document, fetched once (as a client of the service, not through the gateway). */
async function schemaFile(p: Platform, service: FuzzedService, dir: string): Promise<string> {
  const file = join(dir, `${service}.openapi.json`);
  const r = await fetch(`${p.urls[service]}/openapi.json`, { headers: { 'x-forwarded-for': '198.19.0.1' } });
  if (r.status !== 200) throw new Error(`${service}/openapi.json answered ${r.status}`);
  await writeFile(file, await r.text());
  return file;
}

/** Runs `st run` against one target and reads its JSON report. */
export async function runSchemathesis(p: Platform, target: FuzzTarget, o: RunOptions): Promise<RunResult> {
  const dir = join(o.workDir, target.name.replace(/[^a-z0-9]+/gi, '-'));
  await mkdir(dir, { recursive: true });
  const schema = await schemaFile(p, target.service, dir);
  const report = join(dir, 'report.json');
  const args = [
    'run',
    schema,
    '--url',
    target.baseUrl,
    '--checks',
    CHECKS.join(','),
    '--phases',
    o.phases.join(','),
    '--max-examples',
    String(o.maxExamples),
    '--seed',
    String(o.seed),
    '--workers',
    '1',
    '--continue-on-failure',
    '--suppress-health-check',
    'all',
    '--generation-database',
    'none',
    '--request-timeout',
    '30',
    '--no-color',
    '--report',
    'json',
    '--report-json-path',
    report,
    ...(o.maxTimeSeconds ? ['--max-time', String(o.maxTimeSeconds)] : []),
  ];
  const started = Date.now();
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve, reject) => {
    const child = spawn('st', args, {
      cwd: dir,
      env: {
        ...process.env,
        SCHEMATHESIS_HOOKS: HOOKS,
        ZAKUPAI_FUZZ_HEADERS: JSON.stringify(target.headers),
        PYTHONIOENCODING: 'utf-8',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (c) => resolve({ code: c ?? 1, output: out }));
  });
  const seconds = (Date.now() - started) / 1000;
  let parsed: {
    operations?: { tested?: number };
    test_cases?: { generated?: number; errored?: number };
    failures?: Failure[];
  };
  try {
    parsed = JSON.parse(await readFile(report, 'utf8'));
  } catch {
    throw new Error(
      `schemathesis wrote no report for ${target.name} (exit ${code}):\n${output.slice(-4000)}`,
    );
  }
  return {
    target: target.name,
    seed: o.seed,
    operations: parsed.operations?.tested ?? 0,
    generated: parsed.test_cases?.generated ?? 0,
    errored: parsed.test_cases?.errored ?? 0,
    failures: (parsed.failures ?? []).map((f) => ({
      code: f.code,
      title: f.title,
      count: f.count,
      operations: f.operations,
    })),
    exitCode: code,
    seconds,
    output,
  };
}

/** One line per failure kind, for assertion messages and the long run's summary. */
export function describeFailures(r: RunResult): string {
  return r.failures.map((f) => `${f.code} ${f.title} ×${f.count}: ${f.operations.join(', ')}`).join('\n');
}

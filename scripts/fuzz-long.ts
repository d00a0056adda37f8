/**
 * The long fuzz run (`npm run test:fuzz`): the platform on loopback, the hostile set, and schemathesis with every
 * phase (examples, coverage, fuzzing, stateful) against every service directly and through the gateway.
 * The CI subset is test/fuzz/fuzz-subset.test.ts (fixed seed, fewer examples).
 *
 * Environment: FUZZ_SEED (default random, printed first so a run can be repeated), FUZZ_EXAMPLES (examples per
 * operation, default 1000), FUZZ_MAX_TIME (seconds per target; fuzzing repeats until it is spent), FUZZ_REPORT_DIR
 * (where each target's report.json goes; default a temporary directory, kept when something failed).
 * Exit 0 only with zero 5xx, zero schema violations and every hostile request answered as expected.
 */
import { randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeFailures,
  schemathesisAvailable,
  SCHEMATHESIS_VERSION,
} from '../test/fuzz/support/schemathesis.ts';
import { runFuzzSuite } from '../test/fuzz/support/suite.ts';

function positive(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`${name} must be a positive whole number`);
    process.exit(2);
  }
  return n;
}

if (!schemathesisAvailable()) {
  console.error(`schemathesis ${SCHEMATHESIS_VERSION} is not installed: run scripts/install-test-deps.sh`);
  process.exit(1);
}
const seed = positive('FUZZ_SEED', randomInt(1, 2 ** 31))!;
const maxExamples = positive('FUZZ_EXAMPLES', 1000)!;
const maxTimeSeconds = positive('FUZZ_MAX_TIME', undefined);
const workDir = process.env.FUZZ_REPORT_DIR || mkdtempSync(join(tmpdir(), 'zk-fuzz-long-'));
mkdirSync(workDir, { recursive: true });
console.log(
  `fuzz: seed ${seed}, ${maxExamples} examples per operation${maxTimeSeconds ? `, ${maxTimeSeconds} s per target` : ''}`,
);
console.log(`fuzz: reports in ${workDir} (repeat with FUZZ_SEED=${seed})`);

const result = await runFuzzSuite({
  seed,
  maxExamples,
  phases: ['examples', 'coverage', 'fuzzing', 'stateful'],
  ...(maxTimeSeconds ? { maxTimeSeconds } : {}),
  workDir,
  log: (line) => console.log(`fuzz: ${line}`),
});

let bad = 0;
for (const h of result.hostile.filter((x) => !x.ok)) {
  bad += 1;
  console.log(`HOSTILE ${h.target} | ${h.name} | ${h.problem}`);
}
for (const r of result.runs) {
  if (r.failures.length === 0 && r.errored === 0 && r.exitCode === 0) continue;
  bad += 1;
  console.log(
    `\n=== ${r.target}: exit ${r.exitCode}, ${r.errored} errored\n${describeFailures(r)}\n${r.output.slice(-8000)}`,
  );
}
const ops = result.runs.reduce((n, r) => n + r.operations, 0);
const cases = result.runs.reduce((n, r) => n + r.generated, 0);
console.log('\n| target | operations | test cases | failures | seconds |\n|---|---:|---:|---:|---:|');
for (const r of result.runs)
  console.log(
    `| ${r.target} | ${r.operations} | ${r.generated} | ${r.failures.reduce((n, f) => n + f.count, 0)} | ${r.seconds.toFixed(0)} |`,
  );
console.log(
  `\nfuzz: seed ${seed}: ${ops} operations, ${cases} test cases, ${result.hostile.length} hostile requests, ` +
    `${result.seconds.toFixed(0)} s${result.etlFuzzed ? '' : ' (etl not fuzzed)'}`,
);
console.log(
  bad === 0
    ? 'fuzz: 0 failed, zero 5xx and zero schema violations'
    : `fuzz: ${bad} targets or requests failed`,
);
if (bad === 0 && !process.env.FUZZ_REPORT_DIR) rmSync(workDir, { recursive: true, force: true });
process.exit(bad === 0 ? 0 : 1);

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresAvailable } from '@zakupai/testing/pg';
import { requireServer } from '@zakupai/testing/require-server';
import { redisAvailable } from '@zakupai/testing/redis';
import { describeFailures, schemathesisAvailable, SCHEMATHESIS_VERSION } from './support/schemathesis.ts';
import { runFuzzSuite } from './support/suite.ts';

/**
 * The CI subset of the fuzz run (`npm run test:fuzz` is the long one): a fixed seed and a bounded number of
 * examples per operation, every service directly and through the gateway, plus the hand-written hostile set.
 * Fails on any 5xx, any undocumented status, content type or header, any body outside its response schema, and
 * any schema-violating request accepted. Without schemathesis it skips, and under CI=true it fails.
 */
export const CI_SEED = 20261129;
export const CI_MAX_EXAMPLES = 100;

const [pgUp, redisUp] = await Promise.all([postgresAvailable(), redisAvailable()]);
const stUp = schemathesisAvailable();

test(
  'fuzz subset: zero 5xx and zero schema violations, directly and through the gateway',
  { timeout: 600_000 },
  async (t) => {
    if (!requireServer(t, stUp, `schemathesis ${SCHEMATHESIS_VERSION} (scripts/install-test-deps.sh)`))
      return;
    if (!requireServer(t, pgUp && redisUp, 'PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379'))
      return;
    const workDir = mkdtempSync(join(tmpdir(), 'zk-fuzz-ci-'));
    try {
      const result = await runFuzzSuite({
        seed: CI_SEED,
        maxExamples: CI_MAX_EXAMPLES,
        phases: ['examples', 'coverage', 'fuzzing', 'stateful'],
        workDir,
        log: (line) => t.diagnostic(line),
      });
      const wrong = result.hostile.filter((h) => !h.ok);
      assert.deepEqual(
        wrong.map((h) => `${h.target} | ${h.name} | ${h.problem}`),
        [],
        'every hostile request gets a 4xx with the uniform body (or the success it asked for), never a 5xx',
      );
      assert.ok(result.hostile.length > 300, `the hostile set ran (${result.hostile.length} requests)`);
      const names = result.runs.map((r) => r.target);
      for (const svc of ['calc', 'risk', 'billing', 'gateway→calc', 'gateway→risk'])
        assert.ok(names.includes(svc), svc);
      if (result.etlFuzzed) for (const svc of ['etl', 'gateway→etl']) assert.ok(names.includes(svc), svc);
      for (const r of result.runs) {
        assert.ok(
          r.operations > 0 && r.generated > r.operations,
          `${r.target} ran (${r.generated} test cases)`,
        );
        assert.equal(
          r.failures.length,
          0,
          `${r.target} (seed ${r.seed}):\n${describeFailures(r)}\n${r.output.slice(-6000)}`,
        );
        assert.equal(r.errored, 0, `${r.target}: errored test cases\n${r.output.slice(-4000)}`);
        assert.equal(r.exitCode, 0, `${r.target}: schemathesis exit ${r.exitCode}\n${r.output.slice(-4000)}`);
      }
      const ops = result.runs.reduce((n, r) => n + r.operations, 0);
      const cases = result.runs.reduce((n, r) => n + r.generated, 0);
      t.diagnostic(
        `seed ${CI_SEED}: ${ops} operations, ${cases} test cases, ${result.hostile.length} hostile requests, ` +
          `${result.seconds.toFixed(0)} s${result.etlFuzzed ? '' : ' (etl not fuzzed: not ready)'}`,
      );
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  },
);

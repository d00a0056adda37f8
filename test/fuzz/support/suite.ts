import { capture } from '@zakupai/testing/leak-audit';
import { startPlatform, type Platform } from './platform.ts';
import { runHostile, type HostileOutcome } from './hostile.ts';
import { fuzzTargets, runSchemathesis, type RunOptions, type RunResult } from './schemathesis.ts';

export interface SuiteOptions extends Omit<RunOptions, 'workDir'> {
  workDir: string;
  /** Include etl (behind the fake Goszakup API); default true. */
  etl?: boolean;
  log?: (line: string) => void;
}

export interface SuiteResult {
  seed: number;
  runs: RunResult[];
  hostile: HostileOutcome[];
  etlFuzzed: boolean;
  seconds: number;
}

/**
 * The whole fuzz: the platform on loopback, the hostile set against every target, then schemathesis against each
 * service directly and through the gateway (billing last). Stops the platform whatever happens.
 */
export async function runFuzzSuite(o: SuiteOptions): Promise<SuiteResult> {
  const log = o.log ?? (() => {});
  const started = Date.now();
  const etl = o.etl ?? true;
  const platform: Platform = await startPlatform({ etl });
  try {
    log(
      `platform up: ${Object.keys(platform.urls).join(', ')} and the gateway (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    const hostile = await runHostile(platform);
    log(`hostile set: ${hostile.length} requests, ${hostile.filter((h) => !h.ok).length} wrong`);
    const runs: RunResult[] = [];
    for (const target of fuzzTargets(platform)) {
      const r = await runSchemathesis(platform, target, o);
      capture(`fuzz-schemathesis-${target.service}`, r.output);
      runs.push(r);
      log(
        `${target.name}: ${r.operations} operations, ${r.generated} test cases, ${r.failures.length} failure kinds, ` +
          `${r.errored} errored, exit ${r.exitCode} (${r.seconds.toFixed(1)} s)`,
      );
    }
    return { seed: o.seed, runs, hostile, etlFuzzed: etl, seconds: (Date.now() - started) / 1000 };
  } catch (e) {
    if (e instanceof Error) e.message += `\n${platform.output().slice(-6000)}`;
    throw e;
  } finally {
    await platform.stop();
  }
}

import { Counter, Gauge, type Registry } from 'prom-client';
import { D } from '@zakupai/domain';
import type { WindowCounts } from '../../app/risk-repository.ts';
import { RNU_RESULTS, type RnuResult } from '../../app/lookup-rnu.ts';
import { RISK_LEVELS, type Assessment } from '../../domain/outcome.ts';

export interface RiskMetrics {
  onAssessed(assessment: Assessment): void;
  onRnuResult(result: RnuResult): void;
}

export interface RiskMetricsOptions {
  registry: Registry;
  /** The rolling window of `anti_dumping_ratio`, in seconds. */
  windowSeconds: number;
  /** Counts in the window, from stored evaluations. */
  countWindow: (seconds: number) => Promise<WindowCounts>;
  /** A failed read keeps the last value and is reported here. */
  onCollectError: (err: unknown) => void;
}

/** The ratio as Prometheus shows it: 100 × violations / lots, 0 when no lot was analysed (never NaN). */
export function antiDumpingRatio(c: WindowCounts): number {
  return c.lots === 0 ? 0 : D(c.violations).times(100).dividedBy(c.lots).toNumber();
}

/**
 * The risk business metrics (SPEC.md, Metrics) on the service's registry. `anti_dumping_ratio` is computed at
 * scrape time from stored evaluations, so it survives restarts and every replica reports the same value; the
 * counters are this process's own, every label value starting at 0.
 */
export function riskMetrics(options: RiskMetricsOptions): RiskMetrics {
  const { registry } = options;
  const reuse = <T>(name: string, make: () => T): T =>
    (registry.getSingleMetric(name) as T | undefined) ?? make();

  reuse(
    'anti_dumping_ratio',
    () =>
      new Gauge({
        name: 'anti_dumping_ratio',
        help: `Anti-dumping violations per 100 lots analysed in the last ${options.windowSeconds}s (latest assessment per lot)`,
        registers: [registry],
        async collect() {
          try {
            this.set(antiDumpingRatio(await options.countWindow(options.windowSeconds)));
          } catch (err) {
            options.onCollectError(err);
          }
        },
      }),
  );
  const lots = reuse(
    'lots_analyzed_total',
    () => new Counter({ name: 'lots_analyzed_total', help: 'Lots scored for risk', registers: [registry] }),
  );
  const violations = reuse(
    'anti_dumping_violations_total',
    () =>
      new Counter({
        name: 'anti_dumping_violations_total',
        help: 'Scored lots whose price is below the legal dumping threshold',
        registers: [registry],
      }),
  );
  const assessments = reuse(
    'risk_assessments_total',
    () =>
      new Counter({
        name: 'risk_assessments_total',
        help: 'Risk assessments by level',
        labelNames: ['risk_level'] as const,
        registers: [registry],
      }),
  );
  const rnu = reuse(
    'rnu_validations_total',
    () =>
      new Counter({
        name: 'rnu_validations_total',
        help: 'RNU lookups by result: listed, not_listed, invalid (bad BIN/IIN)',
        labelNames: ['result'] as const,
        registers: [registry],
      }),
  );
  for (const level of RISK_LEVELS) assessments.inc({ risk_level: level }, 0);
  for (const result of RNU_RESULTS) rnu.inc({ result }, 0);

  return {
    onAssessed(a) {
      lots.inc();
      if (a.flags.includes('anti_dumping')) violations.inc();
      assessments.inc({ risk_level: a.level });
    },
    onRnuResult(result) {
      rnu.inc({ result });
    },
  };
}

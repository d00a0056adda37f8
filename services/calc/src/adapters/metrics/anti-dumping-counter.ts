import { Counter, type Registry } from 'prom-client';
import { ANTI_DUMPING_OUTCOMES, type AntiDumpingOutcome } from '../../app/anti-dumping-outcome.ts';

const NAME = 'anti_dumping_checks_total';

/**
 * `anti_dumping_checks_total{result}` on the service's registry; every outcome starts at 0 so rates and alerts
 * see the series before the first check.
 */
export function antiDumpingCounter(registry: Registry): (outcome: AntiDumpingOutcome) => void {
  const existing = registry.getSingleMetric(NAME) as Counter<'result'> | undefined;
  const counter =
    existing ??
    new Counter({
      name: NAME,
      help: 'Anti-dumping checks by result: not_dumping, dumping_allowed, dumping_rejected, no_rule',
      labelNames: ['result'] as const,
      registers: [registry],
    });
  for (const o of ANTI_DUMPING_OUTCOMES) counter.inc({ result: o }, 0);
  return (outcome) => counter.inc({ result: outcome });
}

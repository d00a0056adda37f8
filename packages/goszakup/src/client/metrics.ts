import { Counter, Histogram, type Registry } from 'prom-client';
import { GOSZAKUP_ERROR_TYPES } from './errors.ts';

export interface GoszakupMetrics {
  errors: Counter<'error_type'>;
  requests: Counter<'entity'>;
  duration: Histogram<'entity'>;
}

function getOr<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** The client's metrics on `registry` (created once per registry, so several clients may share one). */
export function goszakupMetrics(registry: Registry): GoszakupMetrics {
  const errors = getOr(
    registry,
    'goszakup_errors_total',
    () =>
      new Counter({
        name: 'goszakup_errors_total',
        help: 'Failed Goszakup OWS requests and unusable items, by error type',
        labelNames: ['error_type'] as const,
        registers: [registry],
      }),
  );
  // Every type exists from the start, so rate() and alerts see a zero rather than an absent series.
  for (const t of GOSZAKUP_ERROR_TYPES) errors.inc({ error_type: t }, 0);
  return {
    errors,
    requests: getOr(
      registry,
      'goszakup_requests_total',
      () =>
        new Counter({
          name: 'goszakup_requests_total',
          help: 'Requests sent to the Goszakup OWS API (every attempt), by entity',
          labelNames: ['entity'] as const,
          registers: [registry],
        }),
    ),
    duration: getOr(
      registry,
      'goszakup_request_duration_seconds',
      () =>
        new Histogram({
          name: 'goszakup_request_duration_seconds',
          help: 'Duration of one Goszakup OWS request attempt, until the body is read',
          labelNames: ['entity'] as const,
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
          registers: [registry],
        }),
    ),
  };
}

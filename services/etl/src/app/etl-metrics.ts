import { Counter, Gauge, type Registry } from 'prom-client';
import { goszakupMetrics } from '@zakupai/goszakup';

export interface EtlMetrics {
  upserted: Counter<'entity'>;
  quarantined: Counter<'entity'>;
  lastSuccess: Gauge<'entity'>;
  /** `goszakup_errors_total`: an item that cannot be stored is counted as `parse`. */
  goszakupErrors: Counter<'error_type'>;
}

function getOr<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** `etl_items_upserted_total{entity}` counts rows written (inserted or changed); unchanged rows are not counted. */
export function etlMetrics(registry: Registry): EtlMetrics {
  return {
    goszakupErrors: goszakupMetrics(registry).errors,
    upserted: getOr(
      registry,
      'etl_items_upserted_total',
      () =>
        new Counter({
          name: 'etl_items_upserted_total',
          help: 'Rows inserted or changed in schema goszakup, by entity',
          labelNames: ['entity'] as const,
          registers: [registry],
        }),
    ),
    quarantined: getOr(
      registry,
      'etl_items_quarantined_total',
      () =>
        new Counter({
          name: 'etl_items_quarantined_total',
          help: 'Items put in zakupai.etl_quarantine instead of being stored, by entity',
          labelNames: ['entity'] as const,
          registers: [registry],
        }),
    ),
    lastSuccess: getOr(
      registry,
      'etl_last_success_timestamp_seconds',
      () =>
        new Gauge({
          name: 'etl_last_success_timestamp_seconds',
          help: 'Unix time at which the last complete sync of the entity finished',
          labelNames: ['entity'] as const,
          registers: [registry],
        }),
    ),
  };
}

import { Counter, Gauge, type Registry } from 'prom-client';

export interface SecretMetrics {
  refreshTotal: Counter<'result'>;
  lastSuccess: Gauge;
  tokenTtl: Gauge;
  stale: Gauge;
}

/** The token TTL each registry reports at scrape time (the latest store on that registry wins). */
const ttlProviders = new WeakMap<Registry, () => number | undefined>();

/**
 * The four secret metrics of SPEC.md § Metrics on `registry` (created once per registry). Token TTL is
 * +Inf when the token never expires or there is no token (file source), so "TTL low" alerts stay quiet.
 */
export function secretMetrics(registry: Registry, tokenTtl: () => number | undefined): SecretMetrics {
  ttlProviders.set(registry, tokenTtl);
  const existing = registry.getSingleMetric('zakupai_secrets_refresh_total');
  if (existing) {
    return {
      refreshTotal: existing as Counter<'result'>,
      lastSuccess: registry.getSingleMetric('zakupai_secrets_last_success_timestamp_seconds') as Gauge,
      tokenTtl: registry.getSingleMetric('zakupai_vault_token_ttl_seconds') as Gauge,
      stale: registry.getSingleMetric('zakupai_secrets_stale') as Gauge,
    };
  }
  const refreshTotal = new Counter({
    name: 'zakupai_secrets_refresh_total',
    help: 'Secret loads and refreshes by result (success, failure)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  refreshTotal.inc({ result: 'success' }, 0);
  refreshTotal.inc({ result: 'failure' }, 0);
  const lastSuccess = new Gauge({
    name: 'zakupai_secrets_last_success_timestamp_seconds',
    help: 'Unix time of the last successful secret load or refresh',
    registers: [registry],
  });
  const tokenTtlGauge = new Gauge({
    name: 'zakupai_vault_token_ttl_seconds',
    help: "Seconds left on this process's Vault token (+Inf when it never expires or there is none)",
    registers: [registry],
    collect() {
      const ttl = ttlProviders.get(registry)?.();
      this.set(ttl === undefined ? 0 : ttl);
    },
  });
  const stale = new Gauge({
    name: 'zakupai_secrets_stale',
    help: '1 when the last refresh failed and the service runs on its last good secret values',
    registers: [registry],
  });
  return { refreshTotal, lastSuccess, tokenTtl: tokenTtlGauge, stale };
}

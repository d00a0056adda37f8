import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { singleStat, stateMapping, timeSeries } from './panels.ts';
import { SERVICE_JOBS, http } from './queries.ts';

/** Platform health: RED per service, secrets freshness, Vault token TTL and seal state. */
export function platformDashboard(): dashboard.Dashboard {
  return new dashboard.DashboardBuilder('ZakupAI · Platform')
    .uid('zakupai-platform')
    .description('Rate, errors and duration per service; secrets and Vault. Generated: deploy/grafana/src.')
    .tags(['zakupai', 'platform', 'generated'])
    .editable()
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')

    .withRow(new dashboard.RowBuilder('Services'))
    .withPanel(
      singleStat(
        {
          title: 'Service up',
          description: 'Prometheus can scrape the service metrics port. Alert ServiceDown after 2m.',
          span: 24,
          height: 4,
          thresholds: [{ value: 1, color: 'green' }],
          mappings: stateMapping({ '0': ['down', 'red'], '1': ['up', 'green'] }),
        },
        [[`up{job=~"${SERVICE_JOBS}"}`, '{{job}}']],
      ),
    )
    .withPanel(
      timeSeries(
        { title: 'Request rate', description: 'Requests per second by service.', unit: 'reqps', span: 8 },
        [[http.rate, '{{job}}']],
      ),
    )
    .withPanel(
      timeSeries(
        {
          title: '5xx error ratio',
          description: 'Share of requests answered with a 5xx. Alert HighHttp5xxRate above 5% for 10m.',
          unit: 'percentunit',
          span: 8,
          thresholds: [{ value: 0.05, color: 'red' }],
        },
        [[http.errorRatio, '{{job}}']],
      ),
    )
    .withPanel(
      timeSeries(
        {
          title: 'Latency p95',
          description: 'p95 of http_request_duration_seconds by service.',
          unit: 's',
          span: 8,
        },
        [[http.latency(0.95), '{{job}}']],
      ),
    )
    .withPanel(
      timeSeries(
        {
          title: 'Requests by status',
          description: 'Requests per second by service and status code.',
          unit: 'reqps',
        },
        [[http.rateByStatus, '{{job}} {{status_code}}']],
      ),
    )
    .withPanel(
      timeSeries(
        { title: 'Latency p50 / p99', description: 'Median and tail latency by service.', unit: 's' },
        [
          [http.latency(0.5), 'p50 {{job}}'],
          [http.latency(0.99), 'p99 {{job}}'],
        ],
      ),
    )
    .withPanel(
      timeSeries(
        { title: 'Resident memory', description: 'process_resident_memory_bytes by service.', unit: 'bytes' },
        [[`process_resident_memory_bytes{job=~"${SERVICE_JOBS}"}`, '{{job}}']],
      ),
    )
    .withPanel(
      timeSeries({ title: 'CPU', description: 'CPU seconds per second by service.', unit: 'percentunit' }, [
        [`rate(process_cpu_seconds_total{job=~"${SERVICE_JOBS}"}[$__rate_interval])`, '{{job}}'],
      ]),
    )

    .withRow(new dashboard.RowBuilder('Secrets and Vault'))
    .withPanel(
      singleStat(
        {
          title: 'Secrets state',
          description:
            'zakupai_secrets_stale: stale means the last refresh from Vault failed. Alert SecretsStale after 10m.',
          span: 12,
          thresholds: [{ value: 1, color: 'red' }],
          mappings: stateMapping({ '0': ['fresh', 'green'], '1': ['stale', 'red'] }),
        },
        [['max by (job) (zakupai_secrets_stale)', '{{job}}']],
      ),
    )
    .withPanel(
      singleStat(
        {
          title: 'Vault seal state',
          description:
            'vault_core_unsealed from Vault telemetry; absent when Vault is down (see up{job="vault"}).',
          span: 6,
          thresholds: [{ value: 1, color: 'green' }],
          mappings: stateMapping({ '0': ['sealed', 'red'], '1': ['unsealed', 'green'] }),
        },
        [['max(vault_core_unsealed)', 'vault']],
      ),
    )
    .withPanel(
      singleStat(
        {
          title: 'Vault reachable',
          description: 'Prometheus scrapes Vault /v1/sys/metrics. Alert VaultDown after 2m.',
          span: 6,
          thresholds: [{ value: 1, color: 'green' }],
          mappings: stateMapping({ '0': ['down', 'red'], '1': ['up', 'green'] }),
        },
        [['max(up{job="vault"})', 'vault']],
      ),
    )
    .withPanel(
      timeSeries(
        {
          title: 'Time since last secrets refresh',
          description:
            'time() - zakupai_secrets_last_success_timestamp_seconds by service (refresh every 5m by default).',
          unit: 's',
          span: 8,
          thresholds: [{ value: 900, color: 'orange' }],
        },
        [['time() - max by (job) (zakupai_secrets_last_success_timestamp_seconds)', '{{job}}']],
      ),
    )
    .withPanel(
      timeSeries(
        {
          title: 'Vault token TTL',
          description:
            'zakupai_vault_token_ttl_seconds by service. Alert VaultTokenExpiringSoon under 5 minutes.',
          unit: 's',
          span: 8,
          thresholds: [{ value: 300, color: 'red' }],
        },
        [['min by (job) (zakupai_vault_token_ttl_seconds)', '{{job}}']],
      ),
    )
    .withPanel(
      timeSeries(
        { title: 'Secret refreshes', description: 'Refreshes per minute by service and result.', span: 8 },
        [
          [
            'sum by (job, result) (rate(zakupai_secrets_refresh_total[$__rate_interval])) * 60',
            '{{job}} {{result}}',
          ],
        ],
      ),
    )
    .withPanel(
      timeSeries(
        {
          title: 'Gateway rate-limit fallback',
          description:
            '1 while Redis is unreachable and limits are per gateway instance. Alert GatewayRateLimitFallback.',
          thresholds: [{ value: 1, color: 'orange' }],
        },
        [['max by (instance) (gateway_ratelimit_fallback)', '{{instance}}']],
      ),
    )
    .withPanel(
      timeSeries(
        {
          title: 'Vault requests',
          description: 'Requests per second handled by Vault (its own telemetry).',
          unit: 'reqps',
        },
        [['sum(rate(vault_core_handle_request_count[$__rate_interval]))', 'requests']],
      ),
    )
    .build();
}

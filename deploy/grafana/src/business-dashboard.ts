import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { pie, singleStat, timeSeries } from './panels.ts';
import { antiDumpingRatio } from './queries.ts';

/** Business figures: anti-dumping, risk mix, Goszakup errors, ETL throughput and freshness. */
export function businessDashboard(): dashboard.Dashboard {
  const window = new dashboard.CustomVariableBuilder('window')
    .label('Ratio window')
    .description('Window of the counter-based anti-dumping ratio and the risk-level mix')
    .values('1h,6h,24h,7d')
    .current({ text: '24h', value: '24h', selected: true });

  return new dashboard.DashboardBuilder('ZakupAI · Business')
    .uid('zakupai-business')
    .description(
      'Anti-dumping ratio, risk levels, Goszakup API errors and ETL freshness. Generated: deploy/grafana/src.',
    )
    .tags(['zakupai', 'business', 'generated'])
    .editable()
    .refresh('30s')
    .time({ from: 'now-24h', to: 'now' })
    .timezone('browser')
    .withVariable(window)

    .withRow(new dashboard.RowBuilder('Anti-dumping'))
    .withPanel(
      singleStat(
        {
          title: 'Anti-dumping ratio now',
          description:
            'Violations per 100 lots analysed in the risk service rolling window (anti_dumping_ratio). Alert AntiDumpingRatioHigh above 10 for 15m.',
          unit: 'none',
          thresholds: [
            { value: 5, color: 'orange' },
            { value: 10, color: 'red' },
          ],
        },
        [['max(anti_dumping_ratio)', 'ratio']],
      ),
    )
    .withPanel(
      singleStat(
        {
          title: 'Ratio over $window (from counters)',
          description: 'Violations per 100 lots over the selected window, computed from the two counters.',
          unit: 'none',
          thresholds: [
            { value: 5, color: 'orange' },
            { value: 10, color: 'red' },
          ],
        },
        [[antiDumpingRatio('$window'), 'ratio']],
      ),
    )
    .withPanel(
      singleStat(
        {
          title: 'Lots analysed in $window',
          description: 'increase(lots_analyzed_total) over the window.',
          unit: 'short',
        },
        [['sum(increase(lots_analyzed_total[$window]))', 'lots']],
      ),
    )
    .withPanel(
      singleStat(
        {
          title: 'Violations in $window',
          description: 'increase(anti_dumping_violations_total) over the window.',
          unit: 'short',
        },
        [['sum(increase(anti_dumping_violations_total[$window]))', 'violations']],
      ),
    )
    .withPanel(
      timeSeries(
        {
          title: 'Anti-dumping ratio trend',
          description:
            'The service gauge per instance, and the counter-based ratio over 1h and 24h (recording rules). Dashed line: the alert threshold.',
          unit: 'none',
          thresholds: [{ value: 10, color: 'red' }],
        },
        [
          ['max by (instance) (anti_dumping_ratio)', 'gauge {{instance}}'],
          ['sum(job:anti_dumping_ratio:increase1h)', '1h window'],
          ['sum(job:anti_dumping_ratio:increase24h)', '24h window'],
        ],
      ),
    )
    .withPanel(
      timeSeries(
        {
          title: 'Violations vs lots analysed',
          description:
            'Per hour: lots analysed by the risk service and those below the anti-dumping threshold.',
          unit: 'short',
        },
        [
          ['sum(rate(lots_analyzed_total[$__rate_interval])) * 3600', 'lots analysed / h'],
          ['sum(rate(anti_dumping_violations_total[$__rate_interval])) * 3600', 'violations / h'],
        ],
      ),
    )

    .withRow(new dashboard.RowBuilder('Risk'))
    .withPanel(
      pie({ title: 'Risk-level mix in $window', description: 'Risk assessments by level over the window.' }, [
        ['sum by (risk_level) (increase(risk_assessments_total[$window]))', '{{risk_level}}'],
      ]),
    )
    .withPanel(
      timeSeries(
        { title: 'Risk assessments by level', description: 'Assessments per hour by risk level.', span: 8 },
        [['sum by (risk_level) (rate(risk_assessments_total[$__rate_interval])) * 3600', '{{risk_level}}']],
      ),
    )
    .withPanel(
      timeSeries(
        {
          title: 'RNU validations by result',
          description: 'Unreliable-supplier register checks per hour.',
          span: 8,
        },
        [['sum by (result) (rate(rnu_validations_total[$__rate_interval])) * 3600', '{{result}}']],
      ),
    )

    .withRow(new dashboard.RowBuilder('Goszakup API and ETL'))
    .withPanel(
      timeSeries(
        { title: 'Goszakup errors by type', description: 'Errors per minute by error_type.', unit: 'short' },
        [['sum by (error_type) (rate(goszakup_errors_total[$__rate_interval])) * 60', '{{error_type}}']],
      ),
    )
    .withPanel(
      timeSeries(
        {
          title: 'Goszakup error share by type',
          description:
            'Errors of each type as a share of all requests. Alert GoszakupErrorsHigh above 10% over 10m.',
          unit: 'percentunit',
          thresholds: [{ value: 0.1, color: 'red' }],
        },
        [
          [
            'sum by (error_type) (rate(goszakup_errors_total[$__rate_interval])) / ignoring (error_type) group_left () sum(rate(goszakup_requests_total[$__rate_interval]))',
            '{{error_type}}',
          ],
        ],
      ),
    )
    .withPanel(
      timeSeries(
        { title: 'Goszakup requests by entity', description: 'Requests per minute by entity.', span: 8 },
        [['sum by (entity) (rate(goszakup_requests_total[$__rate_interval])) * 60', '{{entity}}']],
      ),
    )
    .withPanel(
      timeSeries(
        {
          title: 'Goszakup request latency',
          description: 'p50 and p95 of goszakup_request_duration_seconds.',
          unit: 's',
          span: 8,
        },
        [
          [
            'histogram_quantile(0.5, sum by (le) (rate(goszakup_request_duration_seconds_bucket[$__rate_interval])))',
            'p50',
          ],
          [
            'histogram_quantile(0.95, sum by (le) (rate(goszakup_request_duration_seconds_bucket[$__rate_interval])))',
            'p95',
          ],
        ],
      ),
    )
    .withPanel(
      timeSeries({ title: 'ETL throughput', description: 'Items upserted per minute by entity.', span: 8 }, [
        ['sum by (entity) (rate(etl_items_upserted_total[$__rate_interval])) * 60', '{{entity}}'],
      ]),
    )
    .withPanel(
      singleStat(
        {
          title: 'ETL freshness',
          description: 'Time since the last successful sync per entity. Alert EtlStale after 1h.',
          unit: 's',
          span: 24,
          thresholds: [
            { value: 1800, color: 'orange' },
            { value: 3600, color: 'red' },
          ],
        },
        [['time() - max by (entity) (etl_last_success_timestamp_seconds)', '{{entity}}']],
      ),
    )
    .build();
}

/**
 * PromQL shared by the dashboards. Metric names are the SPEC.md contract; `$__rate_interval` is Grafana's,
 * `$window` is the business dashboard's window variable.
 */

export const SERVICE_JOBS = 'calc|risk|etl|billing|gateway';

/**
 * Anti-dumping violations per 100 lots analysed over `window`, from the counters. The recording rules
 * `job:anti_dumping_ratio:increase{1h,24h,7d}` are this expression by job; absent while no lot was analysed.
 */
export function antiDumpingRatio(window: string, by = ''): string {
  const agg = by ? `sum by (${by})` : 'sum';
  return (
    `100 * ${agg} (increase(anti_dumping_violations_total[${window}]))` +
    ` / (${agg} (increase(lots_analyzed_total[${window}])) > 0)`
  );
}

export const http = {
  rate: `sum by (job) (rate(http_request_duration_seconds_count{job=~"${SERVICE_JOBS}"}[$__rate_interval]))`,
  errorRatio:
    `sum by (job) (rate(http_request_duration_seconds_count{job=~"${SERVICE_JOBS}", status_code=~"5.."}[$__rate_interval]))` +
    ` / sum by (job) (rate(http_request_duration_seconds_count{job=~"${SERVICE_JOBS}"}[$__rate_interval]))`,
  latency: (q: number) =>
    `histogram_quantile(${q}, sum by (job, le) (rate(http_request_duration_seconds_bucket{job=~"${SERVICE_JOBS}"}[$__rate_interval])))`,
  rateByStatus: `sum by (job, status_code) (rate(http_request_duration_seconds_count{job=~"${SERVICE_JOBS}"}[$__rate_interval]))`,
};

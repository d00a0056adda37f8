import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as piechart from '@grafana/grafana-foundation-sdk/piechart';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** The datasource provisioned by deploy/grafana/provisioning/datasources/prometheus.yml. */
export const PROMETHEUS = { type: 'prometheus', uid: 'zakupai-prometheus' } as const;

/** One PromQL query: the expression and its legend (`{{label}}` placeholders). */
export type Query = [expr: string, legend: string];

export interface PanelOpts {
  title: string;
  description: string;
  unit?: string;
  span?: number;
  height?: number;
  /** Values at or above each step get its colour; the base step is green. */
  thresholds?: { value: number; color: string }[];
  mappings?: dashboard.ValueMapping[];
}

function targets(queries: Query[], instant = false): prometheus.DataqueryBuilder[] {
  return queries.map(([expr, legend], i) => {
    const q = new prometheus.DataqueryBuilder()
      .expr(expr)
      .legendFormat(legend)
      .refId(String.fromCharCode(65 + i))
      .datasource(PROMETHEUS);
    return instant ? q.instant() : q.range();
  });
}

function thresholdSteps(steps: PanelOpts['thresholds']) {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{ value: null, color: 'green' }, ...(steps ?? [])]);
}

export function timeSeries(o: PanelOpts, queries: Query[]): timeseries.PanelBuilder {
  let p = new timeseries.PanelBuilder()
    .title(o.title)
    .description(o.description)
    .datasource(PROMETHEUS)
    .unit(o.unit ?? 'short')
    .span(o.span ?? 12)
    .height(o.height ?? 8)
    .lineWidth(2)
    .fillOpacity(10)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    )
    .thresholds(thresholdSteps(o.thresholds));
  if (o.thresholds?.length) {
    p = p.thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed),
    );
  }
  for (const t of targets(queries)) p = p.withTarget(t);
  return p;
}

export function singleStat(o: PanelOpts, queries: Query[]): stat.PanelBuilder {
  let p = new stat.PanelBuilder()
    .title(o.title)
    .description(o.description)
    .datasource(PROMETHEUS)
    .unit(o.unit ?? 'short')
    .span(o.span ?? 6)
    .height(o.height ?? 5)
    .colorMode(common.BigValueColorMode.Background)
    .graphMode(common.BigValueGraphMode.None)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .thresholds(thresholdSteps(o.thresholds));
  if (o.mappings) p = p.mappings(o.mappings);
  for (const t of targets(queries, true)) p = p.withTarget(t);
  return p;
}

export function pie(o: PanelOpts, queries: Query[]): piechart.PanelBuilder {
  let p = new piechart.PanelBuilder()
    .title(o.title)
    .description(o.description)
    .datasource(PROMETHEUS)
    .unit(o.unit ?? 'short')
    .span(o.span ?? 8)
    .height(o.height ?? 8)
    .pieType(piechart.PieChartType.Donut)
    .displayLabels([piechart.PieChartLabels.Percent])
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  for (const t of targets(queries, true)) p = p.withTarget(t);
  return p;
}

/** Text for a 0/1 gauge, e.g. `{0: 'fresh', 1: 'stale'}` with colours. */
export function stateMapping(
  states: Record<string, [text: string, color: string]>,
): dashboard.ValueMapping[] {
  const options: Record<string, dashboard.ValueMappingResult> = {};
  for (const [value, [text, color]] of Object.entries(states)) options[value] = { text, color };
  return [{ type: dashboard.MappingType.ValueToText, options }];
}

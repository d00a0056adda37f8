import { parse } from 'yaml';
import type { Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboards } from './grafana/src/dashboards.ts';
import {
  RULES_PATH,
  productionRuleParams,
  readRulesTemplate,
  renderRules,
} from './prometheus/src/render-rules.ts';

/** One PromQL expression and where it lives, e.g. `zakupai-business.json › Anti-dumping ratio trend › B`. */
export interface PromQlExpression {
  source: string;
  /** `panel` for a dashboard query, `rule` for an alerting or recording rule. */
  kind: 'panel' | 'rule';
  expr: string;
}

/** Every PromQL expression in every dashboard panel and every rule (the production rendering of the template). */
export function listPromQlExpressions(): PromQlExpression[] {
  const out: PromQlExpression[] = [];
  for (const [file, d] of Object.entries(dashboards())) {
    for (const p of (d.panels ?? []) as (Panel | RowPanel)[]) {
      for (const t of (p as Panel).targets ?? []) {
        const { expr, refId } = t as { expr?: string; refId?: string };
        if (expr) out.push({ source: `${file} › ${p.title} › ${refId ?? '?'}`, kind: 'panel', expr });
      }
    }
  }
  const rules = parse(renderRules(readRulesTemplate(), productionRuleParams)) as {
    groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
  };
  for (const g of rules.groups) {
    for (const r of g.rules) {
      out.push({
        source: `${RULES_PATH.split('/').pop()} › ${g.name} › ${r.alert ?? r.record}`,
        kind: 'rule',
        expr: r.expr.trim(),
      });
    }
  }
  return out;
}

/**
 * Replaces Grafana's variables with values Prometheus accepts, as Grafana would before sending the query:
 * `$__rate_interval` (at least four scrape intervals) and the business dashboard's `$window`.
 */
export function concreteQuery(expr: string, vars: { rateInterval?: string; window?: string } = {}): string {
  return expr
    .replaceAll('$__rate_interval', vars.rateInterval ?? '1m')
    .replaceAll('$window', vars.window ?? '1h');
}

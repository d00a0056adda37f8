import {
  RULES_PATH,
  productionRuleParams,
  readRulesTemplate,
  renderRules,
} from './prometheus/src/render-rules.ts';
import { dashboardFiles } from './grafana/src/dashboards.ts';

/** Every generated file under deploy/ with the content it must have (the drift test and generate.ts share this). */
export function generatedFiles(): { path: string; content: string }[] {
  return [
    { path: RULES_PATH, content: renderRules(readRulesTemplate(), productionRuleParams) },
    ...dashboardFiles(),
  ];
}

import { Decimal } from '@zakupai/domain';
import { RULE_IDS, type Assessment } from '../domain/outcome.ts';
import type { RulesConfig } from '../domain/rules-config.ts';
import type { RuleSet, SerializedAssessment } from './risk-repository.ts';

const SEVERITY_PLACES = 6;

/** Decimals become strings (severity to 6 places, points as computed); the legal texts go to the rule set. */
export function serializeAssessment(a: Assessment): SerializedAssessment {
  return {
    ...a,
    outcomes: a.outcomes.map(({ basis: _basis, ...o }) => ({
      ...o,
      severity: o.severity.toDecimalPlaces(SEVERITY_PLACES, Decimal.ROUND_HALF_UP).toString(),
      points: o.points.toString(),
    })),
  };
}

export function ruleSetOf(config: RulesConfig): RuleSet {
  return {
    version: config.version,
    basis: Object.fromEntries(RULE_IDS.map((id) => [id, config.rules[id].basis])),
  };
}

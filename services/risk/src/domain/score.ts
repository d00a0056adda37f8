import { Decimal, D, ZERO } from '@zakupai/domain';
import type { RiskLevel, RuleOutcome } from './outcome.ts';
import type { RulesConfig } from './rules-config.ts';

export const MAX_SCORE = 100;

/**
 * min(100, Σ points rounded half up). Points are never negative, so flagging a rule or raising its severity
 * never lowers the score, and a rule set whose weights sum past 100 can reach 100.
 */
export function scoreOf(outcomes: readonly Pick<RuleOutcome, 'points'>[]): number {
  const sum = outcomes.reduce((acc, o) => acc.plus(o.points), ZERO);
  const rounded = sum.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return Decimal.min(rounded, D(MAX_SCORE)).toNumber();
}

export function levelOf(score: number, levels: RulesConfig['levels']): RiskLevel {
  if (score >= levels.high) return 'high';
  if (score >= levels.medium) return 'medium';
  return 'low';
}

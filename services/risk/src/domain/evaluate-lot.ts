import { Decimal, ZERO } from '@zakupai/domain';
import type { LotContext } from './context.ts';
import { render } from './explanations.ts';
import type { Lot } from './lot.ts';
import { RULE_IDS, type Assessment, type RuleId, type RuleOutcome } from './outcome.ts';
import { RULES, type Rule } from './rules/index.ts';
import type { RulesConfig } from './rules-config.ts';
import { levelOf, scoreOf } from './score.ts';

/** Runs every rule on one lot and explains the score: one outcome per rule, flagged or not. Pure. */
export function evaluateLot(lot: Lot, ctx: LotContext, config: RulesConfig): Assessment {
  const outcomes = RULE_IDS.map((id) => outcomeOf(id, lot, ctx, config));
  const score = scoreOf(outcomes);
  return {
    lotId: lot.id,
    rulesVersion: config.version,
    asOf: ctx.asOf,
    score,
    level: levelOf(score, config.levels),
    flags: outcomes.filter((o) => o.status === 'flagged').map((o) => o.rule),
    outcomes,
  };
}

function outcomeOf<R extends RuleId>(id: R, lot: Lot, ctx: LotContext, config: RulesConfig): RuleOutcome {
  const cfg = config.rules[id];
  const rule = RULES[id] as Rule<R>;
  const finding = rule(lot, ctx, cfg);
  const common = { rule: id, weight: cfg.weight, basis: cfg.basis, reason: finding.reason };
  if (finding.status === 'flagged') {
    const texts = cfg.explanations[finding.explain.key];
    if (!texts) throw new Error(`rule ${id} has no explanation ${finding.explain.key}`);
    return {
      ...common,
      status: 'flagged',
      severity: finding.severity,
      points: pointsOf(finding.severity, cfg.weight),
      evidence: finding.evidence,
      threshold: finding.threshold,
      explanation: render(texts, finding.explain.params),
    };
  }
  return {
    ...common,
    status: finding.status,
    severity: ZERO,
    points: ZERO,
    evidence: finding.evidence ?? {},
    threshold: finding.status === 'clear' ? finding.threshold : {},
    explanation: null,
  };
}

/** Points are kept to 4 decimals (half up), so a repeating severity such as 5/6 sums as written: 15 · 5/6 = 12.5. */
const POINT_PLACES = 4;
function pointsOf(severity: Decimal, weight: number): Decimal {
  return severity.times(weight).toDecimalPlaces(POINT_PLACES, Decimal.ROUND_HALF_UP);
}

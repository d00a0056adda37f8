import type { Decimal, ProcurementMethod } from '@zakupai/domain';
import type { LotMethod } from './lot.ts';
import type { LegalBasis, RuleId } from './outcome.ts';

/** Weight (points at full severity) and legal basis, common to every rule. */
export interface RuleCommon {
  weight: number;
  basis: LegalBasis;
}

/** Graded rules scale from `floor` (just past the threshold) to 1 (at the rule's "full" point). */
export interface Graded {
  floor: Decimal;
}

export interface RulesConfig {
  version: string;
  /** A score at or above `medium` is medium, at or above `high` is high. */
  levels: { medium: number; high: number };
  rules: {
    short_tender_period: RuleCommon &
      Graded & { minimumWorkingDays: Partial<Record<LotMethod, number>>; repeatMinimumWorkingDays: number };
    price_above_market: RuleCommon & Graded & { factor: Decimal; fullAtRatio: Decimal; minSample: number };
    anti_dumping: RuleCommon & { allowedSeverity: Decimal };
    supplier_in_rnu: RuleCommon;
    single_participant: RuleCommon & { competitiveMethods: LotMethod[]; singleSourceSeverity: Decimal };
    repeated_winner: RuleCommon & Graded & { windowDays: number; minLots: number; share: Decimal };
    contract_splitting: RuleCommon & Graded & { ceilingsMci: Partial<Record<ProcurementMethod, number>> };
    missing_plan_link: RuleCommon;
  };
}

export type RuleConfigOf<R extends RuleId> = RulesConfig['rules'][R];

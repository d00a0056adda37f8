import type { Decimal, ProcurementMethod } from '@zakupai/domain';
import type { IsoDate } from './dates.ts';
import type { LotMethod } from './lot.ts';
import type { LegalBasis, RuleId, Texts } from './outcome.ts';

/** Weight (points at full severity), legal basis and the explanation of each flag, common to every rule. */
export interface RuleCommon {
  weight: number;
  basis: LegalBasis;
  /** By the keys of `EXPLANATION_PARAMS[rule]`: the texts of each flag, with `{placeholders}`. */
  explanations: Record<string, Texts>;
}

/** Rules whose figures come from Law 106-VIII and Rules 687 carry the day they took effect (`lawInForceFrom`). */
export interface LawDated {
  lawInForceFrom: IsoDate;
}

/** Graded rules scale from `floor` (just past the threshold) to 1 (at the rule's "full" point). */
export interface Graded {
  floor: Decimal;
}

export interface RulesConfig {
  version: string;
  /**
   * The day Law 106-VIII and Rules 687 took effect (Law Art. 29: 1 Jan 2025). The rules whose figures come from
   * them (bid windows, dumping thresholds, method ceilings) judge acts of that day or later by those figures; the
   * earlier Law 434-V and Rules 648 are not modelled.
   */
  lawInForceFrom: IsoDate;
  /** A score at or above `medium` is medium, at or above `high` is high. */
  levels: { medium: number; high: number };
  rules: {
    short_tender_period: RuleCommon &
      Graded &
      LawDated & { minimumWorkingDays: Partial<Record<LotMethod, number>>; repeatMinimumWorkingDays: number };
    price_above_market: RuleCommon & Graded & { factor: Decimal; fullAtRatio: Decimal; minSample: number };
    anti_dumping: RuleCommon & LawDated & { allowedSeverity: Decimal };
    supplier_in_rnu: RuleCommon;
    single_participant: RuleCommon & { competitiveMethods: LotMethod[]; singleSourceSeverity: Decimal };
    failed_procurement: RuleCommon & { competitiveMethods: LotMethod[] };
    repeated_winner: RuleCommon & Graded & { windowDays: number; minLots: number; share: Decimal };
    contract_splitting: RuleCommon &
      Graded &
      LawDated & { ceilingsMci: Partial<Record<ProcurementMethod, number>> };
    missing_plan_link: RuleCommon;
  };
}

export type RuleConfigOf<R extends RuleId> = RulesConfig['rules'][R];

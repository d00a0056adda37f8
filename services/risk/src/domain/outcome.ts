import type { Decimal } from '@zakupai/domain';

export const RULE_IDS = [
  'short_tender_period',
  'price_above_market',
  'anti_dumping',
  'supplier_in_rnu',
  'single_participant',
  'failed_procurement',
  'repeated_winner',
  'contract_splitting',
  'missing_plan_link',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** A text in the three languages a flag is explained in: Russian, Kazakh and English. */
export interface Texts {
  ru: string;
  kk: string;
  en: string;
}

/** The legal basis of a rule. Rule sets stored before Kazakh was added carry ru and en only. */
export type LegalBasis = Texts;

/** Which explanation of `rules.yaml` a flag takes, and the figures that fill its `{placeholders}`. */
export interface Explain {
  key: string;
  params: Record<string, string | number>;
}

/** Figures are strings when they are exact decimals (money, ratios), so they survive JSON unchanged. */
export type EvidenceValue = string | number | boolean | null | string[];
export type Evidence = Record<string, EvidenceValue>;

/** What one rule found. `severity` in [0, 1] is 0 unless flagged; the engine turns it into points. */
export type RuleFinding =
  | {
      status: 'flagged';
      severity: Decimal;
      evidence: Evidence;
      threshold: Evidence;
      reason: string;
      explain: Explain;
    }
  | { status: 'clear'; evidence: Evidence; threshold: Evidence; reason: string }
  | { status: 'not_applicable'; reason: string; evidence?: Evidence };

export type RiskLevel = 'low' | 'medium' | 'high';
export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high'];

/** One rule's line in an explained score. */
export interface RuleOutcome {
  rule: RuleId;
  status: RuleFinding['status'];
  weight: number;
  severity: Decimal;
  /** weight × severity, to 4 decimals. */
  points: Decimal;
  evidence: Evidence;
  threshold: Evidence;
  reason: string;
  /** A flag's explanation in Russian, Kazakh and English (from `rules.yaml`); null when not flagged. */
  explanation: Texts | null;
  basis: LegalBasis;
}

export interface Assessment {
  lotId: string;
  rulesVersion: string;
  /** The date the assessment was made for. */
  asOf: string;
  /** 0–100: min(100, round half up of Σ points). */
  score: number;
  level: RiskLevel;
  /** Ids of the flagged rules, in rule order. */
  flags: RuleId[];
  outcomes: RuleOutcome[];
}

import type { Decimal } from '@zakupai/domain';

export const RULE_IDS = [
  'short_tender_period',
  'price_above_market',
  'anti_dumping',
  'supplier_in_rnu',
  'single_participant',
  'repeated_winner',
  'contract_splitting',
  'missing_plan_link',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface LegalBasis {
  ru: string;
  en: string;
}

/** Figures are strings when they are exact decimals (money, ratios), so they survive JSON unchanged. */
export type EvidenceValue = string | number | boolean | null | string[];
export type Evidence = Record<string, EvidenceValue>;

/** What one rule found. `severity` in [0, 1] is 0 unless flagged; the engine turns it into points. */
export type RuleFinding =
  | { status: 'flagged'; severity: Decimal; evidence: Evidence; threshold: Evidence; reason: string }
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

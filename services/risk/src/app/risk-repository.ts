import type { Decimal } from '@zakupai/domain';
import type { AwardRecord, PurchaseRecord, RnuRecord } from '../domain/context.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Assessment, LegalBasis, RuleId } from '../domain/outcome.ts';
import type { LotPayload } from './lot-payload.ts';

/** A stored evaluation, as `GET /risk/lots/:id` and `/risk/explain/:id` return it. */
export interface StoredEvaluation {
  id: string;
  lotId: string;
  lot: LotPayload;
  assessment: SerializedAssessment;
  /** The legal basis of each rule in the rules version the assessment used. */
  basis: RuleSetBasis;
  requestId: string | null;
  evaluatedAt: Date;
}

/** An assessment with its decimals as strings and without the legal texts (kept once per rules version). */
export type SerializedAssessment = Omit<Assessment, 'outcomes'> & {
  outcomes: Array<
    Omit<Assessment['outcomes'][number], 'severity' | 'points' | 'basis'> & {
      severity: string;
      points: string;
    }
  >;
};

export type RuleSetBasis = Partial<Record<RuleId, LegalBasis>>;

/** A rules version and its legal texts, stored once and referenced by every assessment made with it. */
export interface RuleSet {
  version: string;
  basis: RuleSetBasis;
}

export interface NewEvaluation {
  lot: LotPayload;
  assessment: SerializedAssessment;
  antiDumping: boolean;
  requestId: string | null;
}

/** A unit price seen for an item code and unit (market sample). */
export interface PricePoint {
  lotId: string;
  code: string;
  unit: string;
  unitPrice: Decimal;
}

export interface WindowCounts {
  lots: number;
  violations: number;
}

/** The risk service's storage port (PostgreSQL or PGlite behind it). */
export interface RiskRepository {
  /** Every register row of these suppliers (the goszakup mirror). */
  rnuFor(bins: readonly string[]): Promise<RnuRecord[]>;
  /** Awards of these customers dated on or after `since`: stored evaluations and mirrored contracts. */
  awardsFor(customerBins: readonly string[], since: IsoDate): Promise<AwardRecord[]>;
  /** Purchases of these customers in these financial years, from stored evaluations. */
  purchasesFor(customerBins: readonly string[], finYears: readonly number[]): Promise<PurchaseRecord[]>;
  /** Unit prices of these item codes from stored evaluations (the latest per lot), newest first, at most `limit`. */
  pricesFor(codes: readonly string[], limit: number): Promise<PricePoint[]>;
  /** Stores all evaluations (and their rule set, once per version) in one statement; returns them in order. */
  saveAll(evaluations: readonly NewEvaluation[], ruleSet: RuleSet): Promise<StoredEvaluation[]>;
  latest(lotId: string): Promise<StoredEvaluation | null>;
  /** Distinct lots whose latest evaluation falls in the last `seconds`, and how many of those were dumping. */
  antiDumpingWindow(seconds: number): Promise<WindowCounts>;
}

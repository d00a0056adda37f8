import type { Fraction } from './rational.ts';

/** The Cardinal red flags this engine computes, in Cardinal's order. */
export const CARDINAL_INDICATORS = [
  'R003',
  'R018',
  'R024',
  'R025',
  'R028',
  'R030',
  'R035',
  'R036',
  'R038',
  'R048',
  'R058',
] as const;
export type IndicatorCode = (typeof CARDINAL_INDICATORS)[number];

/**
 * Cardinal's settings (cardinal-rs `Settings`, the `indicators` command's part), typed. The file names are
 * Cardinal's: `threshold`, `percentile`, `procurement_methods`, … An indicator runs only when its section is
 * present (Cardinal's "enable an indicator"); `DEFAULT_CARDINAL_SETTINGS` enables all of them with Cardinal's
 * defaults. A `threshold` left unset means "compute the fence from the data", as in Cardinal.
 */
export interface CardinalSettings {
  /** `currency`: the main currency; unset: the first currency observed on a bid, in input order. */
  currency?: string;
  /** `no_price_comparison_procurement_methods`: procurementMethodDetails values whose prices are not compared. */
  noPriceComparisonProcurementMethods: ReadonlySet<string>;
  /** `price_comparison_procurement_methods`: when set, only these procurementMethodDetails compare prices. */
  priceComparisonProcurementMethods: ReadonlySet<string>;
  /** `[exclusions] procurement_method_details`: procedures left out of every indicator. */
  excludedProcurementMethodDetails: ReadonlySet<string>;
  indicators: Partial<IndicatorSettings>;
}

export interface IndicatorSettings {
  /** Short submission period: flagged below `threshold` whole days (per procurementMethodDetails if listed). */
  R003: {
    threshold: number;
    procurementMethods: ReadonlySet<string>;
    procurementMethodDetails: ReadonlyMap<string, number>;
  };
  /** Single bid received, in the `procurement_methods` counted as competitive. */
  R018: { procurementMethods: ReadonlySet<string> };
  /** Price close to winning bid: `threshold` replaces the lower fence Q1 − 1.5·IQR. */
  R024: { threshold?: Fraction };
  /** Excessive unsuccessful bids: top tenderers from the `percentile` of valid-bid counts; `threshold` = lower fence. */
  R025: { percentile: number; threshold?: Fraction };
  R028: Record<string, never>;
  R030: Record<string, never>;
  /** All except winning bid disqualified: at least `threshold` (≥ 1) other tenderers disqualified. */
  R035: { threshold: number };
  R036: Record<string, never>;
  /** Excessive disqualified bids: `threshold` replaces the upper fence; minimum bids per organization. */
  R038: { threshold?: Fraction; minimumSubmittedBids: number; minimumContractingProcesses: number };
  /** Heterogeneous supplier: first `digits` of the classification; fence among suppliers with enough processes. */
  R048: { digits: number; threshold?: number; minimumContractingProcesses: number };
  /** Heavily discounted bid: `threshold` replaces the upper fence Q3 + 1.5·IQR. */
  R058: { threshold?: Fraction };
}

/** Cardinal's defaults (cardinal-rs `src/indicators/*.rs` `new()`, and `cardinal init`). */
export const CARDINAL_DEFAULTS: IndicatorSettings = {
  R003: { threshold: 15, procurementMethods: new Set(), procurementMethodDetails: new Map() },
  R018: { procurementMethods: new Set(['open', 'selective']) },
  R024: {},
  R025: { percentile: 75 },
  R028: {},
  R030: {},
  R035: { threshold: 1 },
  R036: {},
  R038: { minimumSubmittedBids: 2, minimumContractingProcesses: 2 },
  R048: { digits: 2, minimumContractingProcesses: 20 },
  R058: {},
};

export const DEFAULT_CARDINAL_SETTINGS: CardinalSettings = {
  noPriceComparisonProcurementMethods: new Set(),
  priceComparisonProcurementMethods: new Set(),
  excludedProcurementMethodDetails: new Set(),
  indicators: CARDINAL_DEFAULTS,
};

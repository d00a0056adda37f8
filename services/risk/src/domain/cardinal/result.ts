import type { Evidence } from '../outcome.ts';
import type { Fraction } from './rational.ts';
import type { IndicatorCode } from './settings.ts';

/** Cardinal's result groups and the identifier each is keyed by. */
export type CardinalGroup = 'OCID' | 'Buyer' | 'ProcuringEntity' | 'Tenderer';
export const CARDINAL_GROUPS: readonly CardinalGroup[] = ['OCID', 'Buyer', 'ProcuringEntity', 'Tenderer'];

export interface Localized {
  ru: string;
  kk: string;
  en: string;
}

/** One result Cardinal would print (`{group: {id: {code: value}}}`), with what was seen and the line it crossed. */
export interface CardinalFlag {
  indicator: IndicatorCode;
  group: CardinalGroup;
  /** The ocid, `buyer.id`, `tender.procuringEntity.id` or tenderer id. */
  id: string;
  /** Cardinal's output value for this indicator and group (documented on each indicator's page). */
  value: Fraction;
  evidence: Evidence;
  threshold: Evidence;
  explanation: Localized;
  /** The contracting processes behind the flag. */
  ocids: string[];
}

/** Per contracting process, for the indicators about a process: why it was flagged, cleared or not computed. */
export interface ProcessOutcome {
  indicator: IndicatorCode;
  status: 'flagged' | 'clear' | 'not_applicable';
  reason: string;
  evidence: Evidence;
  threshold: Evidence;
}

/** Cardinal's `Meta`: quartiles and fences per indicator; null where Cardinal's float would be NaN (no data). */
export type CardinalMeta = Partial<Record<IndicatorCode, Record<string, Fraction | null>>>;

export const MAP_KEYS = [
  'ocid_buyer_r038',
  'ocid_procuringentity_r038',
  'ocid_tenderer',
  'ocid_tenderer_r024',
  'ocid_tenderer_r028',
  'ocid_tenderer_r030',
  'ocid_tenderer_r035',
  'ocid_tenderer_r058',
] as const;
export type MapKey = (typeof MAP_KEYS)[number];

/** Cardinal's `Maps` (`--map`): ocid → organization(s). The two r038 maps hold one id per ocid. */
export type CardinalMaps = Record<MapKey, Map<string, Set<string>>>;

/** What one indicator found over the whole set of releases. */
export interface IndicatorReport {
  flags: CardinalFlag[];
  meta?: Record<string, Fraction | null>;
  /** By ocid, for process indicators. */
  outcomes?: Map<string, ProcessOutcome>;
  maps?: Partial<CardinalMaps>;
}

export interface CardinalResult {
  /** Indicators that ran, in Cardinal's order. */
  indicators: IndicatorCode[];
  flags: CardinalFlag[];
  meta: CardinalMeta;
  /** By ocid: one outcome per process indicator that ran. */
  outcomes: Map<string, ProcessOutcome[]>;
  maps: CardinalMaps;
  /** The main currency used to compare prices (set, or the first observed). */
  currency: string | undefined;
  /** Inputs left out before any indicator: not an object with a string ocid, cancelled, or excluded by settings. */
  excluded: { noOcid: number; cancelled: string[]; excludedByMethodDetails: string[] };
}

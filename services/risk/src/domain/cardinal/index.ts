/** Cardinal's red-flag indicators (open-contracting/cardinal-rs) over OCDS 1.1.5 compiled releases. Pure. */
export { runCardinal } from './run-cardinal.ts';
export { toCardinalJson, type CardinalJson, type CardinalJsonResults } from './cardinal-json.ts';
export { parseCardinalIni } from './parse-settings-ini.ts';
export {
  cardinalSettingsFrom,
  CARDINAL_SETTINGS_ERROR,
  type ParsedCardinalSettings,
} from './parse-settings.ts';
export {
  CARDINAL_INDICATORS,
  CARDINAL_DEFAULTS,
  DEFAULT_CARDINAL_SETTINGS,
  type CardinalSettings,
  type IndicatorCode,
  type IndicatorSettings,
} from './settings.ts';
export { INDICATOR_INFO, type IndicatorInfo } from './catalog.ts';
export type {
  CardinalFlag,
  CardinalGroup,
  CardinalResult,
  ProcessOutcome,
  Localized,
  CardinalMeta,
} from './result.ts';
export { quantile, percentile } from './quantile.ts';
export { Fraction, decimalText, toJsonNumber } from './rational.ts';

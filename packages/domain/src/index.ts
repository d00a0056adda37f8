export { Decimal, D, ZERO, HUNDRED } from './decimal.ts';
export {
  MONEY_MAX,
  MONEY_DECIMALS,
  parseDecimal,
  parseMoney,
  roundMoney,
  ceilMoney,
  formatMoney,
  formatDecimal,
} from './money.ts';
export { parsePercent, percentOf, type PercentBounds } from './percent.ts';
export { KZ_TIME_ZONE, parseIsoDate, almatyDate, yearOf, isLeapYear, daysInMonth } from './calendar.ts';
export {
  PROCUREMENT_METHODS,
  PROCUREMENT_SUBJECTS,
  parseOneOf,
  isProcurementMethod,
  isProcurementSubject,
  isTenderMethod,
  type ProcurementMethod,
  type ProcurementSubject,
} from './procurement.ts';
export { VAT_CATEGORIES, VAT_RATE_TABLE, type VatCategory, type VatRatePeriod } from './vat-rates.ts';
export {
  vatRateOn,
  vatRatesOnOrAfter,
  netOfVat,
  grossOfVat,
  vatInGross,
  splitVat,
  type VatRate,
  type VatSplit,
} from './vat.ts';
export { MCI_BY_YEAR, mciFor } from './mci.ts';
export { bidSecurity, contractSumOf, performanceSecurity, type Security } from './securities.ts';
export { computeMargin, type MarginInput, type MarginResult } from './margin.ts';
export {
  CONTRACT_TYPES,
  PENALTY_PARTIES,
  PENALTY_TERMS,
  type ContractType,
  type PenaltyParty,
  type PenaltyTerms,
} from './penalty-caps.ts';
export { computePenalty, MAX_DAYS_OVERDUE, type PenaltyInput, type PenaltyResult } from './penalty.ts';
export { DUMPING_RULES, dumpingRuleFor, type DumpingRule } from './anti-dumping-rules.ts';
export { checkAntiDumping, type AntiDumpingInput, type AntiDumpingResult } from './anti-dumping.ts';

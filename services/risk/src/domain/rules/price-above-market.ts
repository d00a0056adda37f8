import { D, formatDecimal } from '@zakupai/domain';
import type { LotContext } from '../context.ts';
import type { Lot } from '../lot.ts';
import { median } from '../median.ts';
import type { RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';
import { graded } from '../severity.ts';
import { explain } from '../explanations.ts';

const RATIO_PLACES = 4;

/**
 * Unit price above `factor` × the median unit price of the same code and unit (the market sample, an input).
 * Severity rises from `floor` at the factor to 1 at `fullAtRatio` × the median.
 */
export function priceAboveMarket(
  lot: Lot,
  ctx: LotContext,
  cfg: RuleConfigOf<'price_above_market'>,
): RuleFinding {
  if (lot.item === undefined)
    return { status: 'not_applicable', reason: 'the item and its unit price are unknown' };
  if (lot.item === null)
    return { status: 'not_applicable', reason: 'the lot has no item code, unit and unit price' };
  const sample = ctx.marketUnitPrices ?? [];
  if (sample.length < cfg.minSample) {
    return {
      status: 'not_applicable',
      reason: `market sample of ${sample.length} prices is below the minimum of ${cfg.minSample}`,
      evidence: { code: lot.item.code, unit: lot.item.unit, sampleSize: sample.length },
    };
  }
  const med = median(sample);
  const limit = med.times(cfg.factor);
  const unitPrice = lot.item.unitPrice;
  const ratio = med.isZero() ? null : unitPrice.dividedBy(med);
  const evidence = {
    code: lot.item.code,
    unit: lot.item.unit,
    unitPrice: formatDecimal(unitPrice),
    median: formatDecimal(med),
    ratio: ratio === null ? null : formatDecimal(ratio.toDecimalPlaces(RATIO_PLACES)),
    sampleSize: sample.length,
  };
  const threshold = { factor: formatDecimal(cfg.factor), limitUnitPrice: formatDecimal(limit) };
  if (unitPrice.lte(limit)) {
    return { status: 'clear', evidence, threshold, reason: 'unit price within the market limit' };
  }
  const progress =
    ratio === null ? D(1) : ratio.minus(cfg.factor).dividedBy(cfg.fullAtRatio.minus(cfg.factor));
  return {
    status: 'flagged',
    severity: graded(cfg.floor, progress),
    evidence,
    threshold,
    reason: `unit price ${formatDecimal(unitPrice)} is above ${formatDecimal(cfg.factor)} × the median ${formatDecimal(med)}`,
    explain: explain('price_above_market', 'above_market', {
      unitPrice: formatDecimal(unitPrice),
      median: formatDecimal(med),
      factor: formatDecimal(cfg.factor),
      ratio: evidence.ratio ?? '∞',
    }),
  };
}

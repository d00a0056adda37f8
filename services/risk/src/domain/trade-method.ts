import type { ProcurementSubject } from '@zakupai/domain';
import type { LotMethod } from './lot.ts';

/**
 * Goszakup trade methods by their Russian name in `ref_trade_methods` (`/v3/refs/ref_trade_methods`). Public code
 * disagrees on the ids (domain.md §1.6), so the name decides; first match wins, so the single source "по
 * несостоявшимся закупкам" is not read as a tender. Methods the rules have no figures for (commodity exchange,
 * framework-agreement selection, …) stay unknown.
 */
const BY_NAME: ReadonlyArray<[RegExp, LotMethod]> = [
  [/из одного источника/, 'single_source'],
  [/электронн\S* магазин/, 'eshop'],
  [/запрос\S* ценов\S* предложени/, 'price_quotes'],
  [/аукцион/, 'auction'],
  [/конкурс/, 'tender'],
];

/** The risk method of a trade method name; null when the name is missing or names no method the rules know. */
export function methodFromTradeName(nameRu: string | null): LotMethod | null {
  if (nameRu === null) return null;
  const name = nameRu.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');
  for (const [pattern, method] of BY_NAME) if (pattern.test(name)) return method;
  return null;
}

/** Whether a `ref_type_trade` name is a repeat procurement (повторная закупка, after a failed first one). */
export function isRepeatTradeName(nameRu: string): boolean {
  return /повторн/i.test(nameRu);
}

/**
 * The dumping subject the mirror can tell: construction works (`is_construction_work`, Rules 687 p.85) and the
 * development of ТЭО/ПСД (`psd_sign` 2, p.88). Everything else is `other`: the mirror does not say whether a lot is
 * a current repair, catering or engineering service, and guessing from free text would be guessing.
 */
export function subjectFromFlags(flags: {
  construction: boolean;
  psdSign: number | null;
}): ProcurementSubject {
  if (flags.construction) return 'construction';
  if (flags.psdSign === 2) return 'design';
  return 'other';
}

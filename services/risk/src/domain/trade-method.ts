import { PROCUREMENT_SUBJECTS, type ProcurementSubject } from '@zakupai/domain';
import type { LotMethod } from './lot.ts';

/**
 * Goszakup trade methods by their Russian name in `ref_trade_methods` (`/v3/refs/ref_trade_methods`). Public code
 * disagrees on the ids (domain.md §1.6: id 32 is "Конкурс с ПКО" in one source and "РБС" in another), so the name
 * decides and no id is assumed; first match wins, so the single source "по несостоявшимся закупкам" is not read
 * as a tender, and the rating-and-points tender (конкурс с использованием / с применением рейтингово-балльной
 * системы, Rules 687 p.13), which has its own bid window (p.164), is not read as a plain tender. Methods the rules
 * have no figures for (commodity exchange, framework-agreement selection, …) stay unknown.
 */
const BY_NAME: ReadonlyArray<[RegExp, LotMethod]> = [
  [/из одного источника/, 'single_source'],
  [/электронн\S* магазин/, 'eshop'],
  [/запрос\S* ценов\S* предложени/, 'price_quotes'],
  [/аукцион/, 'auction'],
  [/рейтингов\S*[\s-]*балльн|(^|[^а-я])рбс([^а-я]|$)/, 'rating_tender'],
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

/** What the portal says a purchase is: goods, works or services (`ref_subject_type`, or the ENSTRU code). */
export type SubjectKind = 'goods' | 'works' | 'services';

/** The kind of a `ref_subject_type` name (Товар, Работа, Услуга); null when missing or unrecognised. */
export function subjectKindFromName(nameRu: string | null): SubjectKind | null {
  if (nameRu === null) return null;
  const name = nameRu.toLowerCase();
  if (/товар/.test(name)) return 'goods';
  if (/работ/.test(name)) return 'works';
  if (/услуг/.test(name)) return 'services';
  return null;
}

/** The two-digit division of an ENSTRU (КТРУ) code, whose first six digits are the КПВЭД (CPA) code. */
function divisionOf(code: string | null): number | null {
  const m = code === null ? null : /^(\d{2})\d{4}/.exec(code.trim());
  return m ? Number(m[1]) : null;
}

/**
 * The kind of an ENSTRU code by its КПВЭД division: 41–43 construction works; 45–99, and 33 (repair and
 * installation of machinery) and 37–39 (sewerage, waste, remediation), services; the other divisions up to 39
 * goods (energy and water included: Law 106-VIII Art. 3 sub-para 28). Null for a code of another shape.
 */
export function subjectKindFromEnstru(code: string | null): SubjectKind | null {
  const d = divisionOf(code);
  if (d === null || d < 1) return null;
  if (d >= 41 && d <= 43) return 'works';
  if (d >= 45 || d === 33 || (d >= 37 && d <= 39)) return 'services';
  return d <= 39 ? 'goods' : null;
}

export interface SubjectFacts {
  /** `is_construction_work` of the lot or its announcement (construction and installation works, СМР). */
  construction: boolean;
  /** `psd_sign`: 2 = developing a feasibility study or design estimate (ТЭО/ПСД); null when absent. */
  psdSign: number | null;
  /** `name_ru` of the announcement's `ref_subject_type`. */
  subjectTypeName: string | null;
  /** The lot's first ENSTRU code. */
  itemCode: string | null;
}

/**
 * The subjects of Rules 687 Chapter 5 a mirrored lot may be, from what the portal says (never "other" by
 * default): construction works (`is_construction_work`, p.85) and ТЭО/ПСД design (`psd_sign` 2, p.88) are
 * certain; goods are always "other" (p.94: no special subject is a good); catering is КПВЭД division 56 (p.93);
 * other works may be a medium road repair (division 42, p.86), a current repair (p.87) or other works; services
 * in division 71 may be design, expertise or engineering (pp.88–91), and any service may be a state social order
 * (p.92). With neither a subject type nor a known code, every subject the flags leave open remains.
 */
export function subjectsFromPortal(f: SubjectFacts): readonly ProcurementSubject[] {
  if (f.construction) return ['construction'];
  if (f.psdSign === 2) return ['design'];
  const division = divisionOf(f.itemCode);
  const kind = subjectKindFromName(f.subjectTypeName) ?? subjectKindFromEnstru(f.itemCode);
  const designOpen = f.psdSign === null;
  if (kind === 'goods') return ['other'];
  if (kind === 'works') {
    return division === 42 ? ['road_medium_repair', 'current_repair', 'other'] : ['current_repair', 'other'];
  }
  if (kind === 'services') {
    if (division === 56) return ['catering'];
    if (division === 71) {
      return [
        ...(designOpen ? (['design'] as const) : []),
        'expertise',
        'engineering',
        'social_order',
        'other',
      ];
    }
    return ['social_order', 'other'];
  }
  return PROCUREMENT_SUBJECTS.filter((s) => s !== 'construction' && (designOpen || s !== 'design'));
}

/**
 * Whether the VAT category of a mirrored contract may be a reduced one: medicines and medical devices and
 * services (КПВЭД 21, 26.60, 32.50, 86) and periodicals (58.13, 58.14) have reduced rates from 2026; any other
 * code is general VAT (null). Undefined (unknown) when the code may be reduced or is not known.
 */
export function vatCategoryFromEnstru(code: string | null): null | undefined {
  const d = divisionOf(code);
  if (d === null) return undefined;
  const four = code!.trim().slice(0, 4);
  if (d === 21 || d === 86 || four === '2660' || four === '3250' || four === '5813' || four === '5814') {
    return undefined;
  }
  return null;
}

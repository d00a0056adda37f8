import { validationError } from '@zakupai/errors';

/**
 * Procurement methods that have a price rule (Law 106-VIII Art. 10; single source has none and is not modelled).
 * `rating_tender` is the tender with a rating-and-points system (конкурс с применением рейтингово-балльной
 * системы, Rules 687 p.13): a tender in law, so the tender's dumping thresholds and securities apply, but with a
 * bid window of its own (3 working days instead of 5, Rules 687 p.164).
 */
export const PROCUREMENT_METHODS = ['tender', 'rating_tender', 'price_quotes', 'eshop', 'auction'] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];

/** The methods that are a tender (конкурс) in law: the plain tender and the rating-and-points tender. */
export const isTenderMethod = (m: ProcurementMethod): boolean => m === 'tender' || m === 'rating_tender';

/** Subjects that Rules 687 Chapter 5 treats differently; everything else is `other`. */
export const PROCUREMENT_SUBJECTS = [
  'construction',
  'road_medium_repair',
  'current_repair',
  'design',
  'expertise',
  'engineering',
  'social_order',
  'catering',
  'other',
] as const;
export type ProcurementSubject = (typeof PROCUREMENT_SUBJECTS)[number];

/** Narrows `value` to one of `allowed`, or throws a validation ZakError naming `field` and the allowed values. */
export function parseOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw validationError(field, `${field} must be one of: ${allowed.join(', ')}`);
}

export const isProcurementMethod = (v: unknown): v is ProcurementMethod =>
  typeof v === 'string' && (PROCUREMENT_METHODS as readonly string[]).includes(v);

export const isProcurementSubject = (v: unknown): v is ProcurementSubject =>
  typeof v === 'string' && (PROCUREMENT_SUBJECTS as readonly string[]).includes(v);

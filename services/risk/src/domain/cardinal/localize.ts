import type { Localized } from './result.ts';
import { decimalText, type Fraction } from './rational.ts';

export type Locale = keyof Localized;

const NBSP = '\u00a0';

/** A number for reading: `1 160 000,5` in ru/kk, `1,160,000.5` in en; repeating decimals cut to 4 places. */
export function num(value: Fraction | number, locale: Locale, places = 4): string {
  const text = typeof value === 'number' ? String(value) : decimalText(value, places);
  const negative = text.startsWith('-');
  const [int = '', frac] = (negative ? text.slice(1) : text).split('.');
  const group = locale === 'en' ? ',' : NBSP;
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${negative ? '-' : ''}${grouped}${frac === undefined ? '' : (locale === 'en' ? '.' : ',') + frac}`;
}

/** A ratio as a percentage: 0.0125 → `1,25 %` / `1.25%`. */
export function pct(value: Fraction, locale: Locale): string {
  const text = num(value.mul(100), locale, 2);
  return locale === 'en' ? `${text}%` : `${text}${NBSP}%`;
}

/** An RFC 3339 date-time as written (its own offset): `01.02.2025 09:00 (+05:00)` / `2025-02-01 09:00 (+05:00)`. */
export function when(text: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/.exec(
    text,
  );
  if (!m) return text;
  const [, y, mo, d, h, mi, off] = m;
  const offset = off === 'Z' || off === 'z' ? 'UTC' : off;
  return locale === 'en'
    ? `${y}-${mo}-${d} ${h}:${mi} (${offset})`
    : `${d}.${mo}.${y} ${h}:${mi} (${offset})`;
}

export function list(items: readonly string[]): string {
  return items.join(', ');
}

/** The same text in three languages from one builder. */
export function localized(build: (locale: Locale) => string): Localized {
  return { ru: build('ru'), kk: build('kk'), en: build('en') };
}

/** Money as evidence: the exact amount and its currency. */
export function moneyText(amount: Fraction, currency: string | undefined): string {
  return `${decimalText(amount)}${currency ? ` ${currency}` : ''}`;
}

import type { ReleaseView } from './release-view.ts';
import type { CardinalSettings } from './settings.ts';

/** Settings plus what is known of the whole input before any indicator runs. */
export interface CardinalContext {
  settings: CardinalSettings;
  /** The main currency: `currency` from settings, else the first currency on a bid, in input order. */
  currency: string | undefined;
}

export function contextFor(releases: readonly ReleaseView[], settings: CardinalSettings): CardinalContext {
  let currency = settings.currency;
  for (const release of releases) {
    if (currency !== undefined) break;
    currency = release.bids?.find((b) => b.currency !== undefined)?.currency;
  }
  return { settings, currency };
}

/** Cardinal's `matches_procurement_method`: an empty set matches every process; otherwise the method must be in it. */
export function matchesProcurementMethod(view: ReleaseView, methods: ReadonlySet<string>): boolean {
  if (methods.size === 0) return true;
  return view.procurementMethod !== undefined && methods.has(view.procurementMethod);
}

/**
 * Cardinal's `matches_procurement_method_details`: with an allow list, the details must be set and listed; with
 * only a deny list, a process matches unless its details are listed.
 */
export function matchesProcurementMethodDetails(
  view: ReleaseView,
  include: ReadonlySet<string>,
  exclude: ReadonlySet<string>,
): boolean {
  const details = view.procurementMethodDetails;
  if (details === undefined) return include.size === 0;
  return include.size === 0 ? !exclude.has(details) : include.has(details);
}

/** Whether the process's bid prices may be compared (R024, R028, R036, R058). */
export function pricesComparable(view: ReleaseView, settings: CardinalSettings): boolean {
  return matchesProcurementMethodDetails(
    view,
    settings.priceComparisonProcurementMethods,
    settings.noPriceComparisonProcurementMethods,
  );
}

export function priceComparisonReason(view: ReleaseView): string {
  return view.procurementMethodDetails === undefined
    ? 'prices are compared only for the listed procurement method details, and this process has none'
    : `prices are not compared for procurement method details "${view.procurementMethodDetails}"`;
}

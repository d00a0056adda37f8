import type { Decimal, ProcurementMethod, ProcurementSubject, VatCategory } from '@zakupai/domain';
import type { IsoDate } from './dates.ts';

/** The price-rule methods of `@zakupai/domain`, plus the single source (direct award) that has no price rule. */
export const LOT_METHODS = [
  'tender',
  'rating_tender',
  'auction',
  'price_quotes',
  'eshop',
  'single_source',
] as const;
export type LotMethod = ProcurementMethod | 'single_source';

/**
 * A fact of a lot, in three states: `undefined` when the source does not say (unknown: a rule that needs it is
 * not evaluable), `null` when the source says there is none (known to be absent), or the value. An omitted field
 * of a lot payload is unknown; only an explicit `null` (or an empty list or text) says "none".
 */
export type Fact<T> = T | null | undefined;

export interface BidWindow {
  start: IsoDate;
  end: IsoDate;
}

/** The homogeneous item bought (KTRU/ENSTRU code), for market and splitting comparisons. */
export interface LotItem {
  code: string;
  unit: string;
  quantity: Decimal;
  unitPrice: Decimal;
}

/**
 * One lot as the risk rules see it. Amounts are KZT. `allocatedAmount` and `item.unitPrice` exclude VAT, as
 * plan amounts do (Rules 687 p.12); the award price says whether it includes VAT, because contract sums do.
 */
export interface Lot {
  id: string;
  customerBin: string;
  /** Null when unknown: a stored lot whose trade method is not in the reference list. Rules needing it skip. */
  method: LotMethod | null;
  /**
   * The subjects of Rules 687 Chapter 5 the lot may be: one when known, every subject when unknown, a few when the
   * source narrows it down (a stored lot's subject type or ENSTRU code). Never empty.
   */
  subjects: readonly ProcurementSubject[];
  /** A repeat procurement after a failed first one (ref_type_trade); null when unknown. */
  repeat: boolean | null;
  finYear: number;
  /** The window for accepting bids: posting date and deadline. */
  bidWindow: Fact<BidWindow>;
  item: Fact<LotItem>;
  allocatedAmount: Decimal;
  /** Bids received; null when unknown (a count has no "absent" value: none is 0). */
  participants: number | null;
  /** The e-shop offers, the baseline of its dumping rule (Rules 687 p.99). */
  offers: Fact<Decimal[]>;
  award: Fact<Award>;
  /** The annual plan point the lot comes from; null or blank when the link is missing. */
  planPointId: Fact<string>;
}

export interface Award {
  supplierBin: string;
  /** The date the price was fixed (contract signing or results); the RNU status is taken on it. */
  date: IsoDate;
  price: Decimal;
  priceIncludesVat: boolean;
  /** Null: none of the reduced-rate categories (general VAT); undefined: unknown. */
  vatCategory: Fact<VatCategory>;
  /**
   * The turnover date (the delivery date), whose VAT rate nets a price that includes VAT (the rate in force on the
   * turnover date applies, whatever the signing date). Undefined when unknown: the turnover is then only known to
   * be no earlier than `date`.
   */
  turnoverDate?: IsoDate;
}

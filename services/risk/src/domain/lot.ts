import type { Decimal, ProcurementMethod, ProcurementSubject, VatCategory } from '@zakupai/domain';
import type { IsoDate } from './dates.ts';

/** The price-rule methods of `@zakupai/domain`, plus the single source (direct award) that has no price rule. */
export const LOT_METHODS = ['tender', 'auction', 'price_quotes', 'eshop', 'single_source'] as const;
export type LotMethod = ProcurementMethod | 'single_source';

/**
 * One lot as the risk rules see it. Amounts are KZT. `allocatedAmount` and `item.unitPrice` exclude VAT, as
 * plan amounts do (Rules 687 p.12); the award price says whether it includes VAT, because contract sums do.
 */
export interface Lot {
  id: string;
  customerBin: string;
  /** Null when unknown: a stored lot whose trade method is not in the reference list. Rules needing it skip. */
  method: LotMethod | null;
  subject: ProcurementSubject;
  /** A repeat procurement after a failed first one (ref_type_trade). */
  repeat: boolean;
  finYear: number;
  /** The window for accepting bids: posting date and deadline. */
  bidWindow: { start: IsoDate; end: IsoDate } | null;
  /** The homogeneous item bought (KTRU/ENSTRU code), for market and splitting comparisons. */
  item: { code: string; unit: string; quantity: Decimal; unitPrice: Decimal } | null;
  allocatedAmount: Decimal;
  /** Bids received; null when unknown. */
  participants: number | null;
  /** The e-shop offers, the baseline of its dumping rule (Rules 687 p.99). */
  offers: Decimal[] | null;
  award: Award | null;
  /**
   * The annual plan point the lot comes from; null or empty when the link is missing; undefined when the source
   * does not say (a stored lot whose mirror row carries no plan data), so the rule cannot be evaluated.
   */
  planPointId: string | null | undefined;
}

export interface Award {
  supplierBin: string;
  /** The date the price was fixed (contract signing or results); VAT and RNU status are taken on it. */
  date: IsoDate;
  price: Decimal;
  priceIncludesVat: boolean;
  vatCategory: VatCategory | null;
}

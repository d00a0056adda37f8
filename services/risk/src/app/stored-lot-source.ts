import type { PurchaseRecord } from '../domain/context.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { PricePoint } from './risk-repository.ts';

/**
 * What the goszakup mirror holds about one lot, read as it is (no rule logic): the lot, its announcement, the
 * names of its reference ids, its bids and its contract. Amounts are exact decimal strings; dates are the portal's
 * local calendar dates. `assembleStoredLot` turns it into the risk `Lot`.
 */
export interface StoredLotFacts {
  id: string;
  /** The lot amount (allocated, without VAT). */
  amount: string;
  /** The quantity (`count`); null when absent. */
  count: string | null;
  customerBin: string | null;
  /** The first KTRU/ENSTRU code of `enstru_list`. */
  itemCode: string | null;
  /** `point_list` of the raw item (GraphQL `pointList`): plan point ids; undefined when the item has no such key. */
  pointList: unknown;
  /** `plans` of the raw item (GraphQL `Plans`): `[{id, ref_units_code, …}]`; undefined when absent. */
  plans: unknown;
  construction: boolean;
  psdSign: number | null;
  /** `name_ru` of the lot's (else the announcement's) `ref_trade_methods` id in `goszakup.refs`. */
  methodName: string | null;
  /** `name_ru` of the announcement's `ref_type_trade` id. */
  typeTradeName: string | null;
  /** `name_ru` of the announcement's `ref_subject_type` id (Товар, Работа, Услуга); absent when not read. */
  subjectTypeName?: string | null;
  finYear: number | null;
  publishDate: IsoDate | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  repeatStartDate: IsoDate | null;
  repeatEndDate: IsoDate | null;
  bids: Array<{ supplierBin: string; price: string }>;
  /** The lot's latest contract that is not deleted. */
  contract: {
    supplierBin: string | null;
    /** `contract_sum_wnds`: with VAT. */
    sumWithVat: string | null;
    /** `contract_sum`: without VAT. */
    sumWithoutVat: string | null;
    /** Signing date (else creation date). */
    date: IsoDate | null;
    /** The turnover (delivery) date: `fakt_exec_date`, else `plan_exec_date`; absent when not read. */
    turnoverDate?: IsoDate | null;
    finYear: number | null;
  } | null;
  /** When any mirror row the lot is assembled from last changed (lot, announcement, contract, bids, trade refs). */
  updatedAt: Date;
}

/** A page of stored lot ids, in id order after `after`. */
export interface StoredLotPage {
  after: string | null;
  limit: number;
  /** Only lots never scored, or changed in the mirror since their latest evaluation. */
  onlyUnscored: boolean;
}

/** The goszakup mirror as risk reads it (PostgreSQL or PGlite behind it). */
export interface StoredLotSource {
  /** The facts of these lots; ids not in the mirror are absent from the answer. */
  facts(ids: readonly string[]): Promise<StoredLotFacts[]>;
  /** Lot ids of the mirror, in id order. */
  ids(page: StoredLotPage): Promise<string[]>;
  /** Purchases of these customers in these financial years, from the mirror (for contract splitting). */
  purchasesFor(customerBins: readonly string[], finYears: readonly number[]): Promise<PurchaseRecord[]>;
  /** Unit prices (amount / quantity) of mirror lots with these item codes, newest lots first, at most `limit`. */
  pricesFor(codes: readonly string[], limit: number): Promise<PricePoint[]>;
  /** A fingerprint of the mirror's size and last change; '' while it holds no lots. */
  stamp(): Promise<string>;
}

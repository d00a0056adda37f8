import { asArray, asNumber, asObject, asString, stringId, type JsonObject } from './json.ts';
import { fromJsonNumber, type Fraction } from './rational.ts';

/** `bids.details[]`, read once. Only string organization ids count, as in Cardinal. */
export interface BidView {
  index: number;
  id: string | undefined;
  status: string | undefined;
  date: string | undefined;
  /** `tenderers.length` (0 when absent). */
  tendererCount: number;
  /** The string ids among `tenderers[].id`, in order. */
  tendererIds: string[];
  amount: Fraction | undefined;
  currency: string | undefined;
}

/** `awards[]`, read once. */
export interface AwardView {
  id: string | undefined;
  status: string | undefined;
  supplierCount: number;
  supplierIds: string[];
  items: readonly unknown[] | undefined;
}

/** One compiled release as the indicators read it; `raw` keeps the rest. */
export interface ReleaseView {
  ocid: string;
  raw: JsonObject;
  tender: JsonObject | undefined;
  tenderStatus: string | undefined;
  procurementMethod: string | undefined;
  procurementMethodDetails: string | undefined;
  buyerId: string | undefined;
  procuringEntityId: string | undefined;
  /** Undefined unless `bids.details` is an array. */
  bids: BidView[] | undefined;
  /** Undefined unless `awards` is an array. */
  awards: AwardView[] | undefined;
}

/** A view of a release with a string `ocid`; anything else is not a contracting process Cardinal can key. */
export function viewRelease(value: unknown): ReleaseView | undefined {
  const raw = asObject(value);
  const ocid = asString(raw?.ocid);
  if (!raw || ocid === undefined) return undefined;
  const tender = asObject(raw.tender);
  const details = asArray(asObject(raw.bids)?.details);
  const awards = asArray(raw.awards);
  return {
    ocid,
    raw,
    tender,
    tenderStatus: asString(tender?.status),
    procurementMethod: asString(tender?.procurementMethod),
    procurementMethodDetails: asString(tender?.procurementMethodDetails),
    buyerId: stringId(raw.buyer),
    procuringEntityId: stringId(tender?.procuringEntity),
    bids: details?.map(viewBid),
    awards: awards?.map(viewAward),
  };
}

function viewBid(value: unknown, index: number): BidView {
  const bid = asObject(value);
  const tenderers = asArray(bid?.tenderers) ?? [];
  const money = asObject(bid?.value);
  const amount = asNumber(money?.amount);
  return {
    index,
    id: asString(bid?.id),
    status: asString(bid?.status),
    date: asString(bid?.date),
    tendererCount: tenderers.length,
    tendererIds: ids(tenderers),
    amount: amount === undefined ? undefined : fromJsonNumber(amount),
    currency: asString(money?.currency),
  };
}

function viewAward(value: unknown): AwardView {
  const award = asObject(value);
  const suppliers = asArray(award?.suppliers) ?? [];
  return {
    id: asString(award?.id),
    status: asString(award?.status),
    supplierCount: suppliers.length,
    supplierIds: ids(suppliers),
    items: asArray(award?.items),
  };
}

function ids(references: readonly unknown[]): string[] {
  return references.map(stringId).filter((id): id is string => id !== undefined);
}

/** Cardinal's "submitted" bids: pending, valid or disqualified (not invited, not withdrawn). */
export const SUBMITTED_STATUSES: ReadonlySet<string> = new Set(['pending', 'valid', 'disqualified']);

export function submittedBids(view: ReleaseView): BidView[] {
  return (view.bids ?? []).filter((b) => b.status !== undefined && SUBMITTED_STATUSES.has(b.status));
}

/** The bid's single tenderer, when it has exactly one and that one has a string id. */
export function soleTenderer(bid: BidView): string | undefined {
  return bid.tendererCount === 1 && bid.tendererIds.length === 1 ? bid.tendererIds[0] : undefined;
}

export type FinalAwards = { ok: true; active: AwardView[]; bids: BidView[] } | { ok: false; reason: string };

/**
 * Cardinal's `get_complete_awards_and_bids_if_all_awards_final`: needs `awards` and `bids.details`; any award not
 * active, cancelled or unsuccessful (pending) makes the results unstable, so the process is left out. Awards without
 * a status are passed over, as in Cardinal.
 */
export function finalAwards(view: ReleaseView): FinalAwards {
  if (!view.awards) return { ok: false, reason: 'the release has no awards' };
  if (!view.bids) return { ok: false, reason: 'the release has no bids.details' };
  const active: AwardView[] = [];
  for (const award of view.awards) {
    if (award.status === undefined || award.status === 'cancelled' || award.status === 'unsuccessful')
      continue;
    if (award.status !== 'active')
      return { ok: false, reason: `award ${award.id ?? '?'} is ${award.status}, not final` };
    active.push(award);
  }
  return { ok: true, active, bids: view.bids };
}

import { isTenderMethod, type ProcurementMethod, type ProcurementSubject } from './procurement.ts';

/**
 * Rules 687 Chapter 5 (pp. 85–99), the dumping thresholds, as data. A bid is dumping when it is below the reference
 * by more than `thresholdPct` percent; 0 means "any amount below" (p.89). `subject: '*'` matches every subject.
 * `dumpingAllowed` is true only where the Rules let a dumping bid stand if the supplier posts the anti-dumping
 * sum on top of the performance security (p.95, p.98). Auctions have no dumping rule in Chapter 5.
 * p.89-1 (collective copyright management) has no subject here and is not modelled.
 */
export interface DumpingRule {
  method: ProcurementMethod;
  subject: ProcurementSubject | '*';
  /** Percent below the reference; null when no rule applies. */
  thresholdPct: string | null;
  dumpingAllowed: boolean;
  /** What the reference price is for this row. */
  reference: string;
  basis: string;
}

const ALLOCATED = 'the sum allocated for the tender, without VAT';

export const DUMPING_RULES: readonly DumpingRule[] = [
  {
    method: 'tender',
    subject: 'construction',
    thresholdPct: '2',
    dumpingAllowed: false,
    reference: 'the price in the design estimate (ПСД) that passed state expertise',
    basis: 'Rules 687 p.85, p.96',
  },
  {
    method: 'tender',
    subject: 'road_medium_repair',
    thresholdPct: '5',
    dumpingAllowed: false,
    reference: 'the price in the technical documentation that passed expertise',
    basis: 'Rules 687 p.86, p.96',
  },
  {
    method: 'tender',
    subject: 'current_repair',
    thresholdPct: '20',
    dumpingAllowed: false,
    reference: ALLOCATED,
    basis: 'Rules 687 p.87, p.96',
  },
  {
    method: 'tender',
    subject: 'design',
    thresholdPct: '10',
    dumpingAllowed: false,
    reference: 'the estimate computed under normative document 223-нқ of 01.12.2022',
    basis: 'Rules 687 p.88, p.96',
  },
  {
    method: 'tender',
    subject: 'expertise',
    thresholdPct: '0',
    dumpingAllowed: false,
    reference: 'the cost set under MNE Order No. 780 of 21.12.2015',
    basis: 'Rules 687 p.89, p.96',
  },
  {
    method: 'tender',
    subject: 'engineering',
    thresholdPct: '10',
    dumpingAllowed: false,
    reference: 'the price computed under the approved state normatives',
    basis: 'Rules 687 p.90-91, p.96',
  },
  {
    method: 'tender',
    subject: 'social_order',
    thresholdPct: '10',
    dumpingAllowed: false,
    reference: ALLOCATED,
    basis: 'Rules 687 p.92, p.96',
  },
  {
    method: 'tender',
    subject: 'catering',
    thresholdPct: '10',
    dumpingAllowed: false,
    reference: ALLOCATED,
    basis: 'Rules 687 p.93, p.96',
  },
  {
    method: 'tender',
    subject: 'other',
    thresholdPct: '10',
    dumpingAllowed: true,
    reference: ALLOCATED,
    basis: 'Rules 687 p.94-95',
  },
  {
    method: 'price_quotes',
    subject: '*',
    thresholdPct: '10',
    dumpingAllowed: true,
    reference: 'the sum allocated for the price quotes, without VAT',
    basis: 'Rules 687 p.97-98',
  },
  {
    method: 'eshop',
    subject: '*',
    thresholdPct: '30',
    dumpingAllowed: false,
    reference: "the arithmetic mean of all suppliers' offers for the good",
    basis: 'Rules 687 p.99; rejected automatically (Law 106-VIII Art. 13 p.2)',
  },
  {
    method: 'auction',
    subject: '*',
    thresholdPct: null,
    dumpingAllowed: true,
    reference: 'none: an auction has no dumping threshold',
    basis: 'Rules 687 Chapter 5 (pp.85-99) sets no dumping threshold for an auction',
  },
];

/**
 * The row for a method and subject: the exact subject first, then the method's `*` row. A rating-and-points tender
 * is a tender (Rules 687 p.13; Chapter 5 speaks of "способ конкурса"), so it takes the tender rows.
 */
export function dumpingRuleFor(
  method: ProcurementMethod,
  subject: ProcurementSubject,
): DumpingRule | undefined {
  const family = isTenderMethod(method) ? 'tender' : method;
  return (
    DUMPING_RULES.find((r) => r.method === family && r.subject === subject) ??
    DUMPING_RULES.find((r) => r.method === family && r.subject === '*')
  );
}

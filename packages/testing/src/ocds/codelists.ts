import type { SchemaNode } from './ocds-schema.ts';

/**
 * Codes of the OCDS 1.1.5 open codelists (and the bids extension's `statistic.csv`), written out from the
 * standard's documentation because the codelist CSVs are not available offline. A value outside an open codelist
 * is allowed by OCDS, but it must be a deliberate extension: the checker reports it unless the caller lists it.
 * Closed codelists need no table: the schema carries each one as an `enum`, read by `closedCodelists()`.
 * `documentType.csv` is left out (not emitted by our export); its values are not checked.
 */
export const OPEN_CODELISTS: Readonly<Record<string, readonly string[]>> = {
  'partyRole.csv': [
    'buyer',
    'procuringEntity',
    'supplier',
    'tenderer',
    'funder',
    'enquirer',
    'payer',
    'payee',
    'reviewBody',
    'interestedParty',
  ],
  'itemClassificationScheme.csv': ['CPV', 'CPVS', 'GSIN', 'UNSPSC', 'CPC', 'OKDP', 'OKPD', 'CUCOP'],
  'awardCriteria.csv': [
    'priceOnly',
    'costOnly',
    'qualityOnly',
    'ratedCriteria',
    'lowestCost',
    'bestProposal',
    'bestValueToGovernment',
    'singleBidOnly',
  ],
  'submissionMethod.csv': ['electronicSubmission', 'electronicAuction', 'written', 'inPerson'],
  'extendedProcurementCategory.csv': ['goods', 'works', 'services', 'consultingServices'],
  'unitClassificationScheme.csv': ['UNCEFACT', 'QUDT'],
  'relatedProcess.csv': [
    'framework',
    'planning',
    'parent',
    'prior',
    'unsuccessfulProcess',
    'subContract',
    'replacementProcess',
    'renewalProcess',
  ],
  'relatedProcessScheme.csv': ['ocid'],
  'milestoneType.csv': [
    'preProcurement',
    'approval',
    'engagement',
    'assessment',
    'delivery',
    'reporting',
    'financing',
  ],
  'statistic.csv': [
    'requests',
    'bids',
    'validBids',
    'lowestValidBidValue',
    'highestValidBidValue',
    'bidders',
    'qualifiedBidders',
    'disqualifiedBidders',
    'electronicBids',
    'smeBids',
    'microBids',
    'smallBids',
    'mediumBids',
    'foreignBids',
    'foreignBidsFromEU',
    'foreignBidsFromNonEU',
    'tendersAbnormallyLow',
    'tendersDisqualified',
  ],
};

/** Every closed codelist the schema uses, by file name, with its codes (the schema's `enum`, without `null`). */
export function closedCodelists(schema: SchemaNode): Map<string, readonly string[]> {
  const found = new Map<string, readonly string[]>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const n = node as SchemaNode;
    if (typeof n.codelist === 'string' && n.openCodelist === false) {
      const items = n.items as SchemaNode | undefined;
      const codes = (n.enum ?? items?.enum) as unknown[] | undefined;
      if (codes)
        found.set(
          n.codelist,
          codes.filter((c): c is string => typeof c === 'string'),
        );
    }
    Object.values(n).forEach(visit);
  };
  visit(schema);
  return found;
}

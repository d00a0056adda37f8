import { TABLE_COLUMNS, type TableName } from './columns.ts';
import { snakeToCamel } from './normalize.ts';

export const ENTITIES = ['trd_buy', 'lots', 'contracts', 'rnu', 'bids'] as const;
export type EntityName = (typeof ENTITIES)[number];

export interface EntitySource {
  entity: EntityName;
  table: TableName;
  /** REST list path (keyset-paginated, newest first). */
  restPath: string;
  /** GraphQL v3 root field and selection (id-ordered, `after` = last id). */
  graphql: { root: string; selection: string; sinceField?: string };
  /**
   * Where a full walk reads from. GraphQL where it serves better: contracts (only GraphQL carries the lot link,
   * `ContractUnits`) and bids (`TrdApp` with its `AppLots`, which REST does not document).
   */
  full: 'rest' | 'graphql';
}

const select = (names: string[]) => names.map(snakeToCamel).join(' ');
const columnsOf = (t: TableName, except: string[] = []) =>
  TABLE_COLUMNS[t].map((c) => c.name).filter((n) => !except.includes(n));

/**
 * `sinceField` is the GraphQL filter used for incremental runs (`{gte: since}`). `lastUpdateDate` is documented for
 * Lots; for TrdBuy and Contract it is assumed from the field lists (domain.md §8: check on a live token).
 */
export const ENTITY_SOURCES: Record<EntityName, EntitySource> = {
  trd_buy: {
    entity: 'trd_buy',
    table: 'trd_buy',
    restPath: '/v3/trd-buy',
    graphql: { root: 'TrdBuy', selection: select(columnsOf('trd_buy')), sinceField: 'lastUpdateDate' },
    full: 'rest',
  },
  lots: {
    entity: 'lots',
    table: 'lots',
    restPath: '/v3/lots',
    graphql: { root: 'Lots', selection: select(columnsOf('lots')), sinceField: 'lastUpdateDate' },
    full: 'rest',
  },
  contracts: {
    entity: 'contracts',
    table: 'contracts',
    restPath: '/v3/contract',
    graphql: {
      root: 'Contract',
      selection: `${select(columnsOf('contracts', ['lot_id']))} ContractUnits { id lotId }`,
      sinceField: 'lastUpdateDate',
    },
    full: 'graphql',
  },
  rnu: {
    entity: 'rnu',
    table: 'rnu',
    restPath: '/v3/rnu',
    graphql: { root: 'Rnu', selection: select(columnsOf('rnu')) },
    full: 'rest',
  },
  bids: {
    entity: 'bids',
    table: 'bids',
    restPath: '/v3/trd-app',
    graphql: {
      root: 'TrdApp',
      selection:
        'id buyId supplierId supplierBinIin protId protNumber dateApply ' +
        'AppLots { id lotId statusId price amount discountValue discountPrice }',
      sinceField: 'dateApply',
    },
    full: 'graphql',
  },
};

export function isEntityName(v: string): v is EntityName {
  return (ENTITIES as readonly string[]).includes(v);
}

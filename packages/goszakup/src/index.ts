export { goszakupMigrations, asOneStatement } from './schema/migrations.ts';
export type { TrdBuyRow, LotRow, ContractRow, RnuRow, BidRow, RefRow } from './schema/rows.ts';
export { TABLE_COLUMNS, type ColumnSpec, type ColumnType, type TableName } from './items/columns.ts';
export {
  prepareItem,
  prepareRow,
  type CellValue,
  type PreparedRow,
  type PrepareResult,
} from './items/prepare.ts';
export {
  ENTITIES,
  ENTITY_SOURCES,
  isEntityName,
  type EntityName,
  type EntitySource,
} from './items/entities.ts';
export { camelToSnake, snakeKeys, snakeToCamel } from './items/normalize.ts';
export { OwsClient, type OwsClientOptions, type RequestOptions } from './client/ows-client.ts';
export {
  GoszakupError,
  isGoszakupError,
  GOSZAKUP_ERROR_TYPES,
  type GoszakupErrorType,
} from './client/errors.ts';
export { goszakupMetrics, type GoszakupMetrics } from './client/metrics.ts';
export { backoffDelay, parseRetryAfter, type BackoffPolicy } from './client/backoff.ts';
export { RateCap } from './client/rate-cap.ts';
export {
  restPages,
  restStart,
  graphqlPages,
  graphqlQuery,
  REST_LIMIT,
  GRAPHQL_LIMIT,
  type Page,
  type GraphqlWalk,
} from './client/pages.ts';
export { rnuDetail, loadRef, type RefItem } from './client/lookups.ts';

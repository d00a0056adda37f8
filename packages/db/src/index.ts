export type { CopyData, Db, Queryable, QueryResult } from './db.ts';
export { openDb } from './open-db.ts';
export { RotatingDb } from './rotating-db.ts';
export { PostgresDb, type PostgresDbOptions } from './postgres-db.ts';
export { PgliteDb } from './pglite-db.ts';
export { migrate, type Migration } from './migrate.ts';
export { isDbUnavailable } from './db-unavailable.ts';

/** A row set as both drivers return it. */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs one or more statements with no parameters (migrations, DDL scripts). */
  exec(sql: string): Promise<void>;
  /**
   * Streams `data` into a `COPY … FROM STDIN` statement and resolves with the rows copied. Offered only where the
   * driver can (PostgreSQL transactions); callers test for it and keep a plain-SQL path for the rest (PGlite).
   */
  copyFrom?(sql: string, data: CopyData): Promise<number>;
}

/** COPY input: the text (or bytes) in the statement's format, whole or in chunks. */
export type CopyData =
  string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/**
 * The database port. Implemented for PostgreSQL (`postgres://…`) and for the embedded PGlite (`pglite:<dir>`);
 * both must pass the same migrations and tests, so SQL is written to the subset both accept.
 */
export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Cheap liveness query for `/ready`; throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

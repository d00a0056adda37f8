import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { CopyData, Db, QueryResult, Queryable } from './db.ts';

// numeric and bigint come back as strings: money stays exact, and no row id loses precision.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface PostgresDbOptions {
  max?: number;
  statementTimeoutMs?: number;
  connectionTimeoutMs?: number;
}

/** PostgreSQL through a `pg` pool. The pool never logs its connection string. */
export class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  readonly #pool: pg.Pool;

  constructor(url: string, options: PostgresDbOptions = {}) {
    this.#pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
      idleTimeoutMillis: 10_000,
    });
    // An idle client that dies (server restart) must not crash the process.
    this.#pool.on('error', () => {});
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const r = await this.#pool.query(sql, params as unknown[]);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const tx: Queryable = {
        query: async <R>(sql: string, params: readonly unknown[] = []) => {
          const r = await client.query(sql, params as unknown[]);
          return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
        },
        exec: async (sql: string) => {
          await client.query(sql);
        },
        copyFrom: async (sql: string, data: CopyData) => {
          const copy = client.query(copyFromStdin(sql));
          const chunks = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
          await pipeline(Readable.from(chunks), copy);
          return copy.rowCount;
        },
      };
      const out = await fn(tx);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  /** Without parameters pg uses the simple protocol, which accepts several statements. */
  async exec(sql: string): Promise<void> {
    await this.#pool.query(sql);
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

import { PGlite } from '@electric-sql/pglite';
import type { Db, QueryResult, Queryable } from './db.ts';

const NUMERIC_OID = 1700;
const INT8_OID = 20;
const identity = (v: string) => v;

/**
 * The embedded PostgreSQL. PGlite is single-connection and single-process, so every service in one
 * process that names the same directory shares one instance (see `openDb`), and queries are serialised.
 */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  readonly #pg: PGlite;
  #chain: Promise<unknown> = Promise.resolve();
  #refs = 1;
  readonly #onClose: () => void;

  private constructor(pg: PGlite, onClose: () => void) {
    this.#pg = pg;
    this.#onClose = onClose;
  }

  static async open(dataDir: string | undefined, onClose: () => void = () => {}): Promise<PgliteDb> {
    const pg = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      parsers: { [NUMERIC_OID]: identity, [INT8_OID]: identity },
    });
    return new PgliteDb(pg, onClose);
  }

  retain(): this {
    this.#refs += 1;
    return this;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(fn, fn);
    this.#chain = next.catch(() => {});
    return next;
  }

  query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    return this.#serial(async () => {
      const r = await this.#pg.query<T>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
    });
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.#serial(() =>
      this.#pg.transaction(async (t) => {
        const tx: Queryable = {
          query: async <R>(sql: string, params: readonly unknown[] = []) => {
            const r = await t.query<R>(sql, params as unknown[]);
            return { rows: r.rows, rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
          },
          exec: async (sql: string) => {
            await t.exec(sql);
          },
        };
        return fn(tx);
      }),
    );
  }

  exec(sql: string): Promise<void> {
    return this.#serial(async () => {
      await this.#pg.exec(sql);
    });
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    this.#refs -= 1;
    if (this.#refs > 0) return;
    this.#onClose();
    await this.#serial(() => this.#pg.close());
  }
}

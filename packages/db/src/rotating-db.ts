import type { Db, QueryResult, Queryable } from './db.ts';
import { openDb } from './open-db.ts';
import type { PostgresDbOptions } from './postgres-db.ts';

/**
 * A Db whose connection URL can change while the process runs (a rotated password).
 * `rotate(url)` opens and pings the new pool first; only then are new queries sent to it, and the old
 * pool is closed once its in-flight queries finish. A failed rotation keeps the old pool and throws.
 */
export class RotatingDb implements Db {
  #current: Db;
  #url: string;
  readonly #options: PostgresDbOptions;

  private constructor(db: Db, url: string, options: PostgresDbOptions) {
    this.#current = db;
    this.#url = url;
    this.#options = options;
  }

  static async open(url: string, options: PostgresDbOptions = {}): Promise<RotatingDb> {
    return new RotatingDb(await openDb(url, options), url, options);
  }

  get kind(): Db['kind'] {
    return this.#current.kind;
  }

  async rotate(url: string): Promise<boolean> {
    if (url === this.#url) return false;
    const next = await openDb(url, this.#options);
    try {
      await next.ping();
    } catch (e) {
      await next.close().catch(() => {});
      throw e;
    }
    const old = this.#current;
    this.#current = next;
    this.#url = url;
    // pg's end() waits for checked-out clients to be released, so in-flight queries finish.
    void old.close().catch(() => {});
    return true;
  }

  query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    return this.#current.query<T>(sql, params);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.#current.transaction(fn);
  }

  exec(sql: string): Promise<void> {
    return this.#current.exec(sql);
  }

  ping(): Promise<void> {
    return this.#current.ping();
  }

  close(): Promise<void> {
    return this.#current.close();
  }
}

import type { Db, Queryable } from './db.ts';

export interface Migration {
  /** Stable, sortable id such as `calc-0001-finance-calcs`. Never renamed once shipped. */
  id: string;
  sql: string;
}

const LOCK_KEY = 727274001;

/**
 * Applies the migrations not yet recorded in `zakupai.schema_migrations`, each in its own transaction.
 * Several services or replicas may start at once against one PostgreSQL, so every step takes a
 * transaction-scoped advisory lock and re-checks what is applied under it. PGlite has a single
 * connection and needs no lock. Returns the ids applied by this call.
 */
export async function migrate(db: Db, migrations: readonly Migration[]): Promise<string[]> {
  const lock = async (tx: Queryable) => {
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
  };
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.query('CREATE SCHEMA IF NOT EXISTS zakupai');
    await tx.query(
      'CREATE TABLE IF NOT EXISTS zakupai.schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
  });
  const applied: string[] = [];
  for (const m of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
    const ran = await db.transaction(async (tx) => {
      await lock(tx);
      const seen = await tx.query('SELECT 1 FROM zakupai.schema_migrations WHERE id = $1', [m.id]);
      if (seen.rowCount > 0) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO zakupai.schema_migrations (id) VALUES ($1)', [m.id]);
      return true;
    });
    if (ran) applied.push(m.id);
  }
  return applied;
}

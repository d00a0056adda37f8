import { migrate, type Db } from '@zakupai/db';
import { etlMigrations } from './migrations.ts';

/**
 * Applies the etl migrations not yet recorded. Filters on the recorded ids first: `migrate`'s own check reads
 * `rowCount`, which PGlite reports as 0 for a SELECT, so on PGlite it would re-apply a recorded migration and fail on
 * the bookkeeping insert. (Our SQL is idempotent either way.)
 */
export async function migrateEtl(db: Db): Promise<string[]> {
  await db.query('CREATE SCHEMA IF NOT EXISTS zakupai');
  await db.query(
    'CREATE TABLE IF NOT EXISTS zakupai.schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const done = new Set(
    (await db.query<{ id: string }>('SELECT id FROM zakupai.schema_migrations')).rows.map((r) => r.id),
  );
  return migrate(
    db,
    etlMigrations.filter((m) => !done.has(m.id)),
  );
}

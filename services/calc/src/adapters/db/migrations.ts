import type { Migration } from '@zakupai/db';

/**
 * Schema of the calc service, in the SQL subset PostgreSQL and PGlite share. One statement per migration:
 * PGlite runs each migration as a single prepared statement.
 */
export const calcMigrations: readonly Migration[] = [
  {
    id: 'calc-0001-finance-calcs',
    sql: `CREATE TABLE zakupai.finance_calcs (
      id bigserial PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('vat', 'margin', 'penalty', 'anti_dumping')),
      inputs jsonb NOT NULL,
      outputs jsonb NOT NULL,
      request_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  },
  {
    id: 'calc-0002-finance-calcs-created-at-idx',
    sql: 'CREATE INDEX finance_calcs_created_at_idx ON zakupai.finance_calcs (created_at DESC, id DESC)',
  },
];

import type { Migration } from '@zakupai/db';
import { goszakupMigrations } from '@zakupai/goszakup';

/**
 * `zakupai.risk_evaluations`: one row per assessment (a re-scored lot gets a new row; reads take the latest).
 * The columns the history queries filter on are copied out of the stored lot; the lot and the explained outcomes
 * are kept whole as JSON. The legal texts of each rules version are kept once, in `zakupai.risk_rule_sets`.
 * One statement per migration (PGlite runs each as one prepared statement).
 */
export const RISK_MIGRATIONS: readonly Migration[] = [
  {
    id: 'risk-0001-risk-evaluations',
    sql: `CREATE TABLE zakupai.risk_evaluations (
      id bigserial PRIMARY KEY,
      lot_id text NOT NULL,
      customer_bin text NOT NULL,
      supplier_bin text,
      award_date date,
      method text NOT NULL,
      fin_year integer NOT NULL,
      item_code text,
      item_unit text,
      unit_price numeric,
      allocated_amount numeric NOT NULL,
      rules_version text NOT NULL,
      as_of date NOT NULL,
      score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
      level text NOT NULL CHECK (level IN ('low', 'medium', 'high')),
      flags text[] NOT NULL,
      anti_dumping boolean NOT NULL,
      lot jsonb NOT NULL,
      assessment jsonb NOT NULL,
      request_id text,
      evaluated_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`,
  },
  {
    id: 'risk-0002-risk-evaluations-lot-idx',
    sql: 'CREATE INDEX risk_evaluations_lot_idx ON zakupai.risk_evaluations (lot_id, evaluated_at DESC, id DESC)',
  },
  {
    id: 'risk-0003-risk-evaluations-time-idx',
    sql: 'CREATE INDEX risk_evaluations_time_idx ON zakupai.risk_evaluations (evaluated_at)',
  },
  {
    id: 'risk-0004-risk-evaluations-customer-idx',
    sql: 'CREATE INDEX risk_evaluations_customer_idx ON zakupai.risk_evaluations (customer_bin)',
  },
  {
    id: 'risk-0005-risk-evaluations-item-idx',
    sql: 'CREATE INDEX risk_evaluations_item_idx ON zakupai.risk_evaluations (item_code, item_unit)',
  },
  {
    id: 'risk-0006-risk-rule-sets',
    sql: `CREATE TABLE zakupai.risk_rule_sets (
      version text PRIMARY KEY,
      basis jsonb NOT NULL,
      first_used_at timestamptz NOT NULL DEFAULT now()
    )`,
  },
];

/** What the risk service needs on a database: the goszakup mirror it reads (shared, idempotent) and its own table. */
export const RISK_SERVICE_MIGRATIONS: readonly Migration[] = [...goszakupMigrations, ...RISK_MIGRATIONS];

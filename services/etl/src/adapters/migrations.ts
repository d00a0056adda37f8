import type { Migration } from '@zakupai/db';
import { asOneStatement, goszakupMigrations } from '@zakupai/goszakup';

/**
 * The ETL's own bookkeeping, in schema `zakupai`:
 * - `etl_checkpoints`: one row per entity; `cursor` is where an interrupted run resumes (a REST `next_page` path or a
 *   GraphQL `after` id; '' = from the start). It is written in the same transaction as the page it follows.
 * - `etl_quarantine`: items that could not be stored, with the reason; one row per distinct item (fingerprint).
 * - `etl_runs`: one row per run, for `/etl/status`.
 */
const etl = `
CREATE SCHEMA IF NOT EXISTS zakupai;

CREATE TABLE IF NOT EXISTS zakupai.etl_checkpoints (
  entity               text PRIMARY KEY,
  in_progress          boolean NOT NULL DEFAULT false,
  mode                 text,
  since                text,
  cursor               text,
  run_started_at       timestamptz,
  items_in_run         bigint NOT NULL DEFAULT 0,
  last_success_at      timestamptz,
  last_run_started_at  timestamptz,
  updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS zakupai.etl_quarantine (
  id              bigserial PRIMARY KEY,
  entity          text NOT NULL,
  item_id         text,
  reason          text NOT NULL,
  raw             jsonb NOT NULL,
  fingerprint     text NOT NULL,
  first_seen_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at    timestamptz NOT NULL DEFAULT now(),
  seen_count      integer NOT NULL DEFAULT 1,
  UNIQUE (entity, fingerprint)
);

CREATE TABLE IF NOT EXISTS zakupai.etl_runs (
  id                 bigserial PRIMARY KEY,
  entity             text NOT NULL,
  mode               text NOT NULL,
  since              text,
  source             text NOT NULL,
  status             text NOT NULL,
  started_at         timestamptz NOT NULL DEFAULT now(),
  finished_at        timestamptz,
  pages              integer NOT NULL DEFAULT 0,
  items_seen         bigint NOT NULL DEFAULT 0,
  items_upserted     bigint NOT NULL DEFAULT 0,
  items_quarantined  bigint NOT NULL DEFAULT 0,
  errors             jsonb NOT NULL DEFAULT '{}'::jsonb,
  error              text
);
CREATE INDEX IF NOT EXISTS etl_runs_entity_idx ON zakupai.etl_runs (entity, id DESC);
`;

export const etlMigrations: Migration[] = [
  ...goszakupMigrations,
  { id: 'etl-0001-bookkeeping', sql: asOneStatement(etl) },
];

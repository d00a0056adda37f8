import type { Migration } from '@zakupai/db';

/**
 * Schema `goszakup`: a mirror of the OWS v3 API. Every table is keyed by the API's own `id`; columns carry the
 * REST (snake_case) names; `raw` keeps the item as received (keys in REST snake_case) for audit.
 *
 * Conventions, relied on by calc and risk:
 * - money is `numeric` (read back as strings; use decimal.js);
 * - dates are `timestamp` WITHOUT time zone: the portal publishes naive local (Almaty) times and we keep them as given;
 * - BIN/IIN are `text` (12 digits, leading zeros matter);
 * - reference ids (`ref_*_id`) are plain integers: their meaning comes from `/v3/refs/*` at runtime, never from code;
 * - 0/1 flags are `smallint` as the API sends them.
 *
 * The SQL is the subset that PostgreSQL and PGlite both accept, and every statement is idempotent (IF NOT EXISTS), so
 * a migration that is re-applied (two replicas racing, or a lost bookkeeping row) is harmless.
 */
const schema = `
CREATE SCHEMA IF NOT EXISTS goszakup;

CREATE TABLE IF NOT EXISTS goszakup.trd_buy (
  id                    bigint PRIMARY KEY,
  number_anno           text NOT NULL,
  name_ru               text,
  name_kz               text,
  total_sum             numeric,
  count_lots            integer,
  ref_trade_methods_id  integer,
  ref_subject_type_id   integer,
  ref_buy_status_id     integer,
  ref_type_trade_id     integer,
  customer_bin          text,
  customer_pid          bigint,
  customer_name_ru      text,
  org_bin               text,
  org_pid               bigint,
  org_name_ru           text,
  id_supplier           bigint,
  biin_supplier         text,
  singl_org_sign        smallint,
  is_construction_work  smallint,
  is_light_industry     smallint,
  fin_year              integer,
  kato                  text[],
  publish_date          timestamp,
  start_date            timestamp,
  end_date              timestamp,
  repeat_start_date     timestamp,
  repeat_end_date       timestamp,
  itogi_date_public     timestamp,
  last_update_date      timestamp,
  index_date            timestamp,
  system_id             integer,
  raw                   jsonb NOT NULL,
  synced_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS trd_buy_customer_bin_idx ON goszakup.trd_buy (customer_bin);
CREATE INDEX IF NOT EXISTS trd_buy_number_anno_idx ON goszakup.trd_buy (number_anno);

CREATE TABLE IF NOT EXISTS goszakup.lots (
  id                    bigint PRIMARY KEY,
  lot_number            text NOT NULL,
  trd_buy_id            bigint,
  trd_buy_number_anno   text,
  ref_lot_status_id     integer,
  ref_trade_methods_id  integer,
  name_ru               text,
  name_kz               text,
  description_ru        text,
  description_kz        text,
  count                 numeric,
  amount                numeric NOT NULL,
  customer_id           bigint,
  customer_bin          text,
  customer_name_ru      text,
  enstru_list           text[],
  dumping               smallint,
  dumping_lot_price     numeric,
  psd_sign              smallint,
  consulting_services   smallint,
  singl_org_sign        smallint,
  is_construction_work  smallint,
  is_light_industry     smallint,
  union_lots            smallint,
  last_update_date      timestamp,
  index_date            timestamp,
  system_id             integer,
  raw                   jsonb NOT NULL,
  synced_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS lots_trd_buy_id_idx ON goszakup.lots (trd_buy_id);
CREATE INDEX IF NOT EXISTS lots_customer_bin_idx ON goszakup.lots (customer_bin);

CREATE TABLE IF NOT EXISTS goszakup.contracts (
  id                        bigint PRIMARY KEY,
  parent_id                 bigint,
  root_id                   bigint,
  trd_buy_id                bigint,
  trd_buy_number_anno       text,
  lot_id                    bigint,
  contract_number           text,
  contract_number_sys       text,
  ref_contract_status_id    integer,
  ref_contract_type_id      integer,
  ref_contract_cancel_id    integer,
  fakt_trade_methods_id     integer,
  deleted                   smallint,
  supplier_id               bigint,
  supplier_biin             text,
  customer_id               bigint,
  customer_bin              text,
  fin_year                  integer,
  ref_currency_code         text,
  contract_sum              numeric,
  contract_sum_wnds         numeric,
  fakt_sum                  numeric,
  fakt_sum_wnds             numeric,
  contract_ms               numeric,
  description_ru            text,
  crdate                    timestamp,
  sign_date                 timestamp,
  ec_end_date               timestamp,
  plan_exec_date            timestamp,
  fakt_exec_date            timestamp,
  contract_end_date         timestamp,
  last_update_date          timestamp,
  index_date                timestamp,
  system_id                 integer,
  raw                       jsonb NOT NULL,
  synced_at                 timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS contracts_supplier_biin_idx ON goszakup.contracts (supplier_biin);
CREATE INDEX IF NOT EXISTS contracts_customer_bin_idx ON goszakup.contracts (customer_bin);
CREATE INDEX IF NOT EXISTS contracts_trd_buy_id_idx ON goszakup.contracts (trd_buy_id);
CREATE INDEX IF NOT EXISTS contracts_lot_id_idx ON goszakup.contracts (lot_id);

-- One row per inclusion in the register (the rows of /v3/rnu/{biin}). A supplier in the /v3/rnu list whose detail
-- answers 404 or is empty keeps its list row, with NULL dates.
CREATE TABLE IF NOT EXISTS goszakup.rnu (
  id                    bigint PRIMARY KEY,
  pid                   bigint,
  supplier_biin         text NOT NULL,
  supplier_innunp       text,
  supplier_name_ru      text,
  supplier_name_kz      text,
  customer_biin         text,
  customer_name_ru      text,
  court_decision        text,
  court_decision_date   timestamp,
  start_date            timestamp,
  end_date              timestamp,
  ref_reason_id         integer,
  kato_list             text[],
  index_date            timestamp,
  system_id             integer,
  raw                   jsonb NOT NULL,
  synced_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS rnu_supplier_biin_idx ON goszakup.rnu (supplier_biin);

-- Bids: one row per lot of an application (TrdApp.AppLots), keyed by the AppLots id. The parent application's
-- fields (id → app_id, buyId → trd_buy_id, supplier) are copied onto each row.
CREATE TABLE IF NOT EXISTS goszakup.bids (
  id                    bigint PRIMARY KEY,
  app_id                bigint NOT NULL,
  trd_buy_id            bigint,
  lot_id                bigint NOT NULL,
  supplier_id           bigint,
  supplier_bin_iin      text NOT NULL,
  status_id             integer,
  price                 numeric NOT NULL,
  amount                numeric,
  discount_value        numeric,
  discount_price        numeric,
  date_apply            timestamp,
  raw                   jsonb NOT NULL,
  synced_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS bids_lot_id_idx ON goszakup.bids (lot_id);
CREATE INDEX IF NOT EXISTS bids_supplier_bin_iin_idx ON goszakup.bids (supplier_bin_iin);

-- Reference lists (/v3/refs/{name}), loaded at runtime: ids differ between sources, so nothing hard-codes them.
CREATE TABLE IF NOT EXISTS goszakup.refs (
  ref_name   text NOT NULL,
  id         bigint NOT NULL,
  code       text,
  name_ru    text,
  name_kz    text,
  raw        jsonb NOT NULL,
  synced_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ref_name, id)
);
`;

/**
 * `migrate` sends each migration as one query; PGlite's query is a single-statement protocol, so the DDL runs as one
 * anonymous block (still atomic, and identical on both engines).
 */
export const asOneStatement = (sql: string): string => `DO $migration$ BEGIN\n${sql}\nEND $migration$;`;

export const goszakupMigrations: Migration[] = [{ id: 'goszakup-0001-mirror', sql: asOneStatement(schema) }];

import type { Migration } from '@zakupai/db';
import { DEFAULT_PLANS } from '../domain/plan.ts';

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

const planRows = DEFAULT_PLANS.map(
  (p) =>
    `(${literal(p.name)}, ${p.hourlyQuota}, ${p.dailyQuota}, ARRAY[${p.features.map(literal).join(', ')}]::text[])`,
).join(',\n  ');

/**
 * Billing's tables in schema `zakupai`. Keys hold only the peppered HMAC (`key_hash`), never the key.
 * One statement per migration: PGlite runs each through the extended protocol, which takes one command.
 */
export const billingMigrations: Migration[] = [
  {
    id: 'billing-0001-plans',
    sql: `CREATE TABLE zakupai.billing_plans (
  name text PRIMARY KEY,
  hourly_quota integer NOT NULL CHECK (hourly_quota > 0),
  daily_quota integer NOT NULL CHECK (daily_quota > 0),
  features text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
)`,
  },
  {
    id: 'billing-0002-default-plans',
    sql: `INSERT INTO zakupai.billing_plans (name, hourly_quota, daily_quota, features) VALUES
  ${planRows}
ON CONFLICT (name) DO NOTHING`,
  },
  {
    id: 'billing-0003-api-keys',
    sql: `CREATE TABLE zakupai.api_keys (
  id uuid PRIMARY KEY,
  prefix text NOT NULL UNIQUE,
  key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  owner text NOT NULL,
  label text,
  plan text NOT NULL REFERENCES zakupai.billing_plans (name),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  replaced_by uuid REFERENCES zakupai.api_keys (id)
)`,
  },
  { id: 'billing-0004-api-keys-owner', sql: 'CREATE INDEX api_keys_owner_idx ON zakupai.api_keys (owner)' },
  {
    id: 'billing-0005-usage',
    sql: `CREATE TABLE zakupai.api_key_usage (
  key_id uuid NOT NULL REFERENCES zakupai.api_keys (id),
  day date NOT NULL,
  requests bigint NOT NULL CHECK (requests >= 0),
  PRIMARY KEY (key_id, day)
)`,
  },
  {
    id: 'billing-0006-usage-batches',
    sql: `CREATE TABLE zakupai.api_key_usage_batches (
  id uuid PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now()
)`,
  },
];

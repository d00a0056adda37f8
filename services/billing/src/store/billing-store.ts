import type { Db } from '@zakupai/db';
import type { ApiKeyRecord } from '../domain/api-key.ts';
import type { Plan } from '../domain/plan.ts';
import type { UsageEntry } from '../domain/usage.ts';

interface KeyRow {
  id: string;
  prefix: string;
  owner: string;
  label: string | null;
  plan: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  replaced_by: string | null;
}

interface PlanRow {
  name: string;
  hourly_quota: number;
  daily_quota: number;
  features: string[];
}

const KEY_COLUMNS =
  'id::text AS id, prefix, owner, label, plan, created_at, expires_at, revoked_at, replaced_by::text AS replaced_by';

const toDate = (v: Date | string | null): Date | null =>
  v === null ? null : v instanceof Date ? v : new Date(v);

function toKey(r: KeyRow): ApiKeyRecord {
  return {
    id: r.id,
    prefix: r.prefix,
    owner: r.owner,
    label: r.label,
    plan: r.plan,
    createdAt: toDate(r.created_at)!,
    expiresAt: toDate(r.expires_at),
    revokedAt: toDate(r.revoked_at),
    replacedBy: r.replaced_by,
  };
}

const toPlan = (r: PlanRow): Plan => ({
  name: r.name,
  hourlyQuota: Number(r.hourly_quota),
  dailyQuota: Number(r.daily_quota),
  features: [...r.features],
});

export interface NewKeyRow {
  id: string;
  prefix: string;
  keyHash: string;
  owner: string;
  label: string | null;
  plan: string;
  expiresAt: Date | null;
}

export interface KeyFilter {
  prefix?: string;
  owner?: string;
  includeInactive?: boolean;
  limit: number;
}

export interface DayUsage {
  day: string;
  requests: string;
}

/** The billing port: every use case talks to storage through this. */
export interface BillingStore {
  listPlans(): Promise<Plan[]>;
  getPlan(name: string): Promise<Plan | undefined>;
  upsertPlan(plan: Plan): Promise<Plan>;
  insertKey(row: NewKeyRow): Promise<ApiKeyRecord>;
  /** A key and its hash, for verification only. */
  findForVerify(prefix: string): Promise<{ key: ApiKeyRecord; keyHash: string } | undefined>;
  findKey(idOrPrefix: string): Promise<ApiKeyRecord | undefined>;
  listKeys(filter: KeyFilter, now: Date): Promise<ApiKeyRecord[]>;
  revokeKey(id: string, at: Date): Promise<ApiKeyRecord | undefined>;
  /** Inserts `next` and marks `oldId` as replaced, expiring at `oldExpiresAt`, in one transaction. */
  rotateKey(
    oldId: string,
    oldExpiresAt: Date,
    next: NewKeyRow,
  ): Promise<{ previous: ApiKeyRecord; next: ApiKeyRecord } | undefined>;
  /** Adds a batch once: a repeated batch id is ignored. Returns the number of entries applied. */
  addUsage(batchId: string, entries: readonly UsageEntry[]): Promise<{ duplicate: boolean; applied: number }>;
  usage(keyId: string, from: string, to: string): Promise<DayUsage[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** BillingStore on PostgreSQL or PGlite (the same SQL runs on both). */
export class SqlBillingStore implements BillingStore {
  constructor(private readonly db: Db) {}

  async listPlans(): Promise<Plan[]> {
    const r = await this.db.query<PlanRow>(
      'SELECT name, hourly_quota, daily_quota, features FROM zakupai.billing_plans ORDER BY name',
    );
    return r.rows.map(toPlan);
  }

  async getPlan(name: string): Promise<Plan | undefined> {
    const r = await this.db.query<PlanRow>(
      'SELECT name, hourly_quota, daily_quota, features FROM zakupai.billing_plans WHERE name = $1',
      [name],
    );
    return r.rows[0] ? toPlan(r.rows[0]) : undefined;
  }

  async upsertPlan(plan: Plan): Promise<Plan> {
    const r = await this.db.query<PlanRow>(
      `INSERT INTO zakupai.billing_plans (name, hourly_quota, daily_quota, features) VALUES ($1, $2, $3, $4::text[])
       ON CONFLICT (name) DO UPDATE SET hourly_quota = EXCLUDED.hourly_quota, daily_quota = EXCLUDED.daily_quota,
         features = EXCLUDED.features, updated_at = now()
       RETURNING name, hourly_quota, daily_quota, features`,
      [plan.name, plan.hourlyQuota, plan.dailyQuota, plan.features],
    );
    return toPlan(r.rows[0]!);
  }

  async insertKey(row: NewKeyRow): Promise<ApiKeyRecord> {
    const r = await this.db.query<KeyRow>(
      `INSERT INTO zakupai.api_keys (id, prefix, key_hash, owner, label, plan, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${KEY_COLUMNS}`,
      [row.id, row.prefix, row.keyHash, row.owner, row.label, row.plan, row.expiresAt],
    );
    return toKey(r.rows[0]!);
  }

  async findForVerify(prefix: string): Promise<{ key: ApiKeyRecord; keyHash: string } | undefined> {
    const r = await this.db.query<KeyRow & { key_hash: string }>(
      `SELECT ${KEY_COLUMNS}, key_hash FROM zakupai.api_keys WHERE prefix = $1`,
      [prefix],
    );
    const row = r.rows[0];
    return row ? { key: toKey(row), keyHash: row.key_hash } : undefined;
  }

  async findKey(idOrPrefix: string): Promise<ApiKeyRecord | undefined> {
    const r = UUID.test(idOrPrefix)
      ? await this.db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM zakupai.api_keys WHERE id = $1::uuid`, [
          idOrPrefix,
        ])
      : await this.db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM zakupai.api_keys WHERE prefix = $1`, [
          idOrPrefix,
        ]);
    return r.rows[0] ? toKey(r.rows[0]) : undefined;
  }

  async listKeys(filter: KeyFilter, now: Date): Promise<ApiKeyRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.prefix !== undefined) {
      params.push(`${filter.prefix.replace(/[\\%_]/g, '\\$&')}%`);
      where.push(`prefix LIKE $${params.length}`);
    }
    if (filter.owner !== undefined) {
      params.push(filter.owner);
      where.push(`owner = $${params.length}`);
    }
    if (!filter.includeInactive) {
      params.push(now);
      where.push(`revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $${params.length})`);
    }
    params.push(filter.limit);
    const r = await this.db.query<KeyRow>(
      `SELECT ${KEY_COLUMNS} FROM zakupai.api_keys ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, prefix LIMIT $${params.length}`,
      params,
    );
    return r.rows.map(toKey);
  }

  async revokeKey(id: string, at: Date): Promise<ApiKeyRecord | undefined> {
    const r = await this.db.query<KeyRow>(
      `UPDATE zakupai.api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1::uuid RETURNING ${KEY_COLUMNS}`,
      [id, at],
    );
    return r.rows[0] ? toKey(r.rows[0]) : undefined;
  }

  async rotateKey(oldId: string, oldExpiresAt: Date, next: NewKeyRow) {
    return this.db
      .transaction(async (tx) => {
        const ins = await tx.query<KeyRow>(
          `INSERT INTO zakupai.api_keys (id, prefix, key_hash, owner, label, plan, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING ${KEY_COLUMNS}`,
          [next.id, next.prefix, next.keyHash, next.owner, next.label, next.plan, next.expiresAt],
        );
        // The guard makes a concurrent second rotation (or a revocation in between) update nothing.
        const upd = await tx.query<KeyRow>(
          `UPDATE zakupai.api_keys SET expires_at = $2, replaced_by = $3::uuid
         WHERE id = $1::uuid AND replaced_by IS NULL AND revoked_at IS NULL RETURNING ${KEY_COLUMNS}`,
          [oldId, oldExpiresAt, next.id],
        );
        if (!upd.rows[0]) throw new RotationRaceError();
        return { previous: toKey(upd.rows[0]), next: toKey(ins.rows[0]!) };
      })
      .catch((e: unknown) => {
        if (e instanceof RotationRaceError) return undefined;
        throw e;
      });
  }

  async addUsage(
    batchId: string,
    entries: readonly UsageEntry[],
  ): Promise<{ duplicate: boolean; applied: number }> {
    return this.db.transaction(async (tx) => {
      const seen = await tx.query(
        'INSERT INTO zakupai.api_key_usage_batches (id) VALUES ($1::uuid) ON CONFLICT (id) DO NOTHING RETURNING id',
        [batchId],
      );
      if (seen.rowCount === 0) return { duplicate: true, applied: 0 };
      let applied = 0;
      for (const e of entries) {
        const r = await tx.query(
          `INSERT INTO zakupai.api_key_usage (key_id, day, requests)
           SELECT id, $2::date, $3 FROM zakupai.api_keys WHERE id = $1::uuid
           ON CONFLICT (key_id, day) DO UPDATE SET requests = zakupai.api_key_usage.requests + EXCLUDED.requests`,
          [e.keyId, e.day, e.requests],
        );
        applied += r.rowCount;
      }
      return { duplicate: false, applied };
    });
  }

  async usage(keyId: string, from: string, to: string): Promise<DayUsage[]> {
    const r = await this.db.query<DayUsage>(
      `SELECT day::text AS day, requests::text AS requests FROM zakupai.api_key_usage
       WHERE key_id = $1::uuid AND day BETWEEN $2::date AND $3::date ORDER BY day`,
      [keyId, from, to],
    );
    return r.rows;
  }
}

class RotationRaceError extends Error {}

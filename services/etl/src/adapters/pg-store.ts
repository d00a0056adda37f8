import { ZakError, isZakError } from '@zakupai/errors';
import type { Db, Queryable } from '@zakupai/db';
import {
  TABLE_COLUMNS,
  type EntityName,
  type PreparedRow,
  type RefItem,
  type TableName,
} from '@zakupai/goszakup';
import type {
  Checkpoint,
  PageWrite,
  PageWritten,
  QuarantineItem,
  RunRecord,
  SyncMode,
  SyncPlan,
  SyncStore,
} from '../app/ports.ts';

/**
 * One multi-row statement per page: the batch travels as one jsonb parameter; each element's columns come from
 * `jsonb_populate_record` over the raw item overlaid with its `fix` (columns carry the API's names, so the item maps
 * onto the row type by name). Unchanged rows are not rewritten, so a repeated sync changes nothing.
 */
function upsertSql(table: TableName): string {
  const cols = TABLE_COLUMNS[table].map((c) => c.name);
  const list = cols.join(', ');
  const sets = cols.filter((c) => c !== 'id').map((c) => `${c} = EXCLUDED.${c}`);
  return (
    `INSERT INTO goszakup.${table} AS t (${list}, raw) ` +
    `SELECT ${cols.map((c) => `p.${c}`).join(', ')}, e->'raw' ` +
    `FROM jsonb_array_elements($1::jsonb) e, LATERAL jsonb_populate_record(NULL::goszakup.${table}, (e->'raw') || (e->'fix')) p ` +
    `ON CONFLICT (id) DO UPDATE SET ${sets.join(', ')}, raw = EXCLUDED.raw, synced_at = now() ` +
    `WHERE t.raw IS DISTINCT FROM EXCLUDED.raw`
  );
}

const quarantineSql = (entity: string, items: string) =>
  `INSERT INTO zakupai.etl_quarantine (entity, item_id, reason, raw, fingerprint) ` +
  `SELECT ${entity}, q.item_id, q.reason, q.raw, md5(q.raw::text) ` +
  `FROM jsonb_to_recordset(${items}::jsonb) AS q(item_id text, reason text, raw jsonb) ` +
  `ON CONFLICT (entity, fingerprint) DO UPDATE SET reason = EXCLUDED.reason, last_seen_at = now(), ` +
  `seen_count = zakupai.etl_quarantine.seen_count + 1`;

/** The cursor after the page; NULL = the walk is done, which records the success. */
const checkpointSql = (entity: string, next: string, count: string) =>
  `UPDATE zakupai.etl_checkpoints SET cursor = ${next}::text, items_in_run = items_in_run + ${count}::bigint, ` +
  `updated_at = now(), in_progress = (${next}::text IS NOT NULL), ` +
  `last_success_at = CASE WHEN ${next}::text IS NULL THEN now() ELSE last_success_at END, ` +
  `last_run_started_at = CASE WHEN ${next}::text IS NULL THEN run_started_at ELSE last_run_started_at END ` +
  `WHERE entity = ${entity}`;

const isCheckpointMoved = (e: unknown) => isZakError(e) && e.code === 'ZAK_ETL_CHECKPOINT_MOVED';

const pgCode = (e: unknown) => String((e as { code?: string }).code ?? 'unknown');

export class PgSyncStore implements SyncStore {
  readonly #db: Db;
  readonly #sql = new Map<TableName, string>();
  readonly #locks = new Set<EntityName>();
  readonly #pageSqlCache = new Map<TableName, string>();

  constructor(db: Db) {
    this.#db = db;
  }

  #upsert(table: TableName): string {
    let s = this.#sql.get(table);
    if (!s) this.#sql.set(table, (s = upsertSql(table)));
    return s;
  }

  async checkpoint(entity: EntityName): Promise<Checkpoint | null> {
    const r = await this.#db.query<CheckpointRow>('SELECT * FROM zakupai.etl_checkpoints WHERE entity = $1', [
      entity,
    ]);
    return r.rows[0] ? toCheckpoint(r.rows[0]) : null;
  }

  async checkpoints(): Promise<Checkpoint[]> {
    const r = await this.#db.query<CheckpointRow>('SELECT * FROM zakupai.etl_checkpoints ORDER BY entity');
    return r.rows.map(toCheckpoint);
  }

  async beginRun(entity: EntityName, plan: Omit<SyncPlan, 'cursor'>): Promise<Date> {
    const r = await this.#db.query<{ run_started_at: Date }>(
      `INSERT INTO zakupai.etl_checkpoints (entity, in_progress, mode, since, cursor, run_started_at, items_in_run)
       VALUES ($1, true, $2, $3, '', now(), 0)
       ON CONFLICT (entity) DO UPDATE SET in_progress = true, mode = $2, since = $3, cursor = '',
         run_started_at = now(), items_in_run = 0, updated_at = now()
       RETURNING run_started_at`,
      [entity, plan.mode, plan.since],
    );
    return r.rows[0]!.run_started_at;
  }

  async writePage(entity: EntityName, w: PageWrite): Promise<PageWritten> {
    const rows = dedupe(w.rows);
    const quarantine = uniqueQuarantine(w.quarantine);
    try {
      return await this.#db.transaction(async (tx) => {
        // Rows and quarantine in one statement; then, once the previous page has settled, the checkpoint, whose
        // compare-and-set fails this page if that one rolled back.
        const r = await tx.query<{ upserted: string }>(this.#pageSql(w.table), [
          payload(rows),
          quarantinePayload(quarantine),
          entity,
        ]);
        await this.#advance(tx, entity, w, rows.length);
        return { upserted: Number(r.rows[0]?.upserted ?? 0), quarantined: quarantine.length };
      });
    } catch (e) {
      if (isCheckpointMoved(e) || (rows.length <= 1 && quarantine.length === 0)) throw e;
      // The batch was refused (a value the validation let through). Find the rows the database rejects,
      // quarantine them with the reason, and still commit the rest with the checkpoint: one bad item never
      // stops the run, and never drops its neighbours.
      return this.#db.transaction(async (tx) => {
        let upserted = 0;
        const rejected: QuarantineItem[] = [...quarantine];
        for (const row of rows) {
          await tx.query('SAVEPOINT row_upsert');
          try {
            upserted += (await tx.query(this.#upsert(w.table), [payload([row])])).rowCount;
            await tx.query('RELEASE SAVEPOINT row_upsert');
          } catch (err) {
            await tx.query('ROLLBACK TO SAVEPOINT row_upsert');
            rejected.push({
              itemId: row.id,
              reason: `database rejected the row (SQLSTATE ${pgCode(err)})`,
              raw: row.raw,
            });
          }
        }
        const q = uniqueQuarantine(rejected);
        if (q.length > 0) await tx.query(quarantineSql('$1', '$2'), [entity, quarantinePayload(q)]);
        await this.#advance(tx, entity, w, rows.length);
        return { upserted, quarantined: q.length };
      });
    }
  }

  async #advance(tx: Queryable, entity: EntityName, w: PageWrite, count: number): Promise<void> {
    if (!w.checkpoint) return;
    await w.checkpoint.after?.catch(() => {});
    const r = await tx.query(checkpointSql('$1', '$2', '$3') + ' AND cursor = $4', [
      entity,
      w.checkpoint.next,
      count,
      w.checkpoint.expect,
    ]);
    if (r.rowCount !== 1) {
      throw new ZakError(
        'ZAK_ETL_CHECKPOINT_MOVED',
        'conflict',
        `the ${entity} checkpoint is not where this page expects it`,
      );
    }
  }

  /** Upsert and quarantine as data-modifying CTEs of one statement. */
  #pageSql(table: TableName): string {
    let s = this.#pageSqlCache.get(table);
    if (!s) {
      s =
        `WITH up AS (${this.#upsert(table)} RETURNING 1), ` +
        `q AS (${quarantineSql('$3::text', '$2')} RETURNING 1) ` +
        `SELECT (SELECT count(*) FROM up) AS upserted, (SELECT count(*) FROM q) AS quarantined`;
      this.#pageSqlCache.set(table, s);
    }
    return s;
  }

  /** Upserts one reference list into `goszakup.refs` (rows of other lists are untouched). */
  async saveRefs(name: string, items: RefItem[]): Promise<number> {
    if (items.length === 0) return 0;
    const r = await this.#db.query(
      `INSERT INTO goszakup.refs AS t (ref_name, id, code, name_ru, name_kz, raw)
       SELECT $1, (e->>'id')::bigint, e->>'code', e->>'name_ru', e->>'name_kz', e FROM jsonb_array_elements($2::jsonb) e
       ON CONFLICT (ref_name, id) DO UPDATE SET code = EXCLUDED.code, name_ru = EXCLUDED.name_ru, name_kz = EXCLUDED.name_kz,
         raw = EXCLUDED.raw, synced_at = now() WHERE t.raw IS DISTINCT FROM EXCLUDED.raw`,
      [name, JSON.stringify(items.filter((i) => /^\d{1,18}$/.test(String(i.id))))],
    );
    return r.rowCount;
  }

  async withEntityLock<T>(entity: EntityName, fn: () => Promise<T>): Promise<T | null> {
    if (this.#locks.has(entity)) return null;
    this.#locks.add(entity);
    try {
      if (this.#db.kind !== 'postgres') return await fn();
      // A transaction-scoped advisory lock held by an otherwise idle transaction for the length of the run: it is
      // released when the run ends, and by the server if the process dies (SIGKILL included).
      let acquired = false;
      const out = await this.#db.transaction(async (tx) => {
        const r = await tx.query<{ ok: boolean }>(
          "SELECT pg_try_advisory_xact_lock(hashtext('zakupai.etl:' || $1)) AS ok",
          [entity],
        );
        acquired = r.rows[0]?.ok === true;
        return acquired ? await fn() : null;
      });
      return acquired ? out : null;
    } finally {
      this.#locks.delete(entity);
    }
  }

  async openRunRecord(entity: EntityName, plan: SyncPlan, source: string): Promise<string> {
    const r = await this.#db.query<{ id: string }>(
      `INSERT INTO zakupai.etl_runs (entity, mode, since, source, status) VALUES ($1, $2, $3, $4, 'running') RETURNING id`,
      [entity, plan.mode, plan.since, source],
    );
    return r.rows[0]!.id;
  }

  async closeRunRecord(id: string, r: Parameters<SyncStore['closeRunRecord']>[1]): Promise<void> {
    await this.#db.query(
      `UPDATE zakupai.etl_runs SET status = $2, pages = $3, items_seen = $4, items_upserted = $5, items_quarantined = $6,
         errors = $7::jsonb, error = $8, finished_at = now() WHERE id = $1`,
      [
        id,
        r.status,
        r.pages,
        r.itemsSeen,
        r.itemsUpserted,
        r.itemsQuarantined,
        JSON.stringify(r.errors),
        r.error,
      ],
    );
  }

  async markInterrupted(entity: EntityName): Promise<void> {
    await this.#db.query(
      `UPDATE zakupai.etl_runs SET status = 'interrupted', finished_at = now() WHERE entity = $1 AND status = 'running'`,
      [entity],
    );
  }

  async lastRuns(): Promise<RunRecord[]> {
    const r = await this.#db.query<RunRow>(
      `SELECT DISTINCT ON (entity) * FROM zakupai.etl_runs ORDER BY entity, id DESC`,
    );
    return r.rows.map(toRun);
  }

  async quarantineCounts(): Promise<Record<string, number>> {
    const r = await this.#db.query<{ entity: string; n: string }>(
      'SELECT entity, count(*) AS n FROM zakupai.etl_quarantine GROUP BY entity',
    );
    return Object.fromEntries(r.rows.map((x) => [x.entity, Number(x.n)]));
  }
}

/** A page may repeat an id (the API's ordering is not strict); one statement may touch a row once, so the last wins. */
function dedupe(rows: PreparedRow[]): PreparedRow[] {
  const byId = new Map<string, PreparedRow>();
  for (const r of rows) byId.set(r.id, r);
  return byId.size === rows.length ? rows : [...byId.values()];
}

/** One quarantine row per distinct item: a statement may not touch the same row twice. */
function uniqueQuarantine(items: QuarantineItem[]): QuarantineItem[] {
  const seen = new Set<string>();
  return items.filter((q) => {
    const k = JSON.stringify(q.raw ?? null);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function quarantinePayload(items: QuarantineItem[]): string {
  return JSON.stringify(items.map((q) => ({ item_id: q.itemId, reason: q.reason, raw: q.raw ?? null })));
}

function payload(rows: PreparedRow[]): string {
  return JSON.stringify(rows.map((r) => ({ raw: r.raw, fix: r.fix })));
}

interface CheckpointRow {
  entity: EntityName;
  in_progress: boolean;
  mode: SyncMode | null;
  since: string | null;
  cursor: string | null;
  run_started_at: Date | null;
  items_in_run: string;
  last_success_at: Date | null;
  last_run_started_at: Date | null;
}

function toCheckpoint(r: CheckpointRow): Checkpoint {
  return {
    entity: r.entity,
    inProgress: r.in_progress,
    mode: r.mode,
    since: r.since,
    cursor: r.cursor,
    runStartedAt: r.run_started_at,
    itemsInRun: Number(r.items_in_run),
    lastSuccessAt: r.last_success_at,
    lastRunStartedAt: r.last_run_started_at,
  };
}

interface RunRow {
  id: string;
  entity: EntityName;
  mode: SyncMode;
  since: string | null;
  source: string;
  status: RunRecord['status'];
  started_at: Date;
  finished_at: Date | null;
  pages: number;
  items_seen: string;
  items_upserted: string;
  items_quarantined: string;
  errors: Record<string, number>;
  error: string | null;
}

function toRun(r: RunRow): RunRecord {
  return {
    id: r.id,
    entity: r.entity,
    mode: r.mode,
    since: r.since,
    source: r.source,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    pages: r.pages,
    itemsSeen: Number(r.items_seen),
    itemsUpserted: Number(r.items_upserted),
    itemsQuarantined: Number(r.items_quarantined),
    errors: r.errors,
    error: r.error,
  };
}

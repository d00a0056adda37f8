import type { Db } from '@zakupai/db';
import type { EntityName, RefItem } from '@zakupai/goszakup';
import type {
  Checkpoint,
  PageWrite,
  PageWritten,
  RunRecord,
  SyncMode,
  SyncPlan,
  SyncStore,
} from '../app/ports.ts';
import { PageWriter } from './page-writer.ts';

/** The sync's state in PostgreSQL or PGlite: checkpoints, run records, quarantine counts, locks; pages via `PageWriter`. */
export class PgSyncStore implements SyncStore {
  readonly #db: Db;
  readonly #locks = new Set<EntityName>();
  readonly #pages: PageWriter;

  constructor(db: Db) {
    this.#db = db;
    this.#pages = new PageWriter(db);
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

  writePage(entity: EntityName, w: PageWrite): Promise<PageWritten> {
    return this.#pages.write(entity, w);
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

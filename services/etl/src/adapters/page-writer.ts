import { ZakError, isZakError } from '@zakupai/errors';
import type { Db, Queryable } from '@zakupai/db';
import type { EntityName, PreparedRow, TableName } from '@zakupai/goszakup';
import type { PageWrite, PageWritten, QuarantineItem } from '../app/ports.ts';
import { copyText } from './copy-text.ts';
import { ADVANCE_SQL, pageSql, quarantineSql } from './page-sql.ts';

/** One page on its way into the database. */
interface PageJob {
  entity: EntityName;
  w: PageWrite;
  rows: PreparedRow[];
  quarantine: QuarantineItem[];
  /** The previous page's `#checkpointed` signal, when that page is written here too. */
  previous: Promise<void> | undefined;
  /** Signals that this page's checkpoint UPDATE has run. */
  updated: () => void;
}

/** unique_violation, deadlock_detected: another writer stored one of the ids first. */
const RACED = new Set(['23505', '40P01']);

const isCheckpointMoved = (e: unknown) => isZakError(e) && e.code === 'ZAK_ETL_CHECKPOINT_MOVED';

const pgCode = (e: unknown) => String((e as { code?: string }).code ?? 'unknown');

/**
 * Writes pages into schema `goszakup`, one transaction each: the rows, the quarantined items and the checkpoint that
 * follows the page. On PostgreSQL the rows travel by COPY; elsewhere (PGlite) as one jsonb parameter. Both store
 * exactly the same rows. Pages of one entity may be written in parallel (calls in page order) and commit in order.
 */
export class PageWriter {
  readonly #db: Db;
  /** Whether pages go by COPY where the database offers it (see `#copyUpsert`). */
  #copy = true;
  /** `table:id` (and quarantined items) → how many pages being written hold it (see `#claim`). */
  readonly #writing = new Map<string, number>();
  /** A page's write → settles once its checkpoint UPDATE has run (or the write has ended). See `#advance`. */
  readonly #checkpointed = new WeakMap<Promise<unknown>, Promise<void>>();

  constructor(db: Db) {
    this.#db = db;
  }

  /** See `SyncStore.writePage`. */
  write(entity: EntityName, w: PageWrite): Promise<PageWritten> {
    let updated!: () => void;
    const checkpointed = new Promise<void>((resolve) => (updated = resolve));
    const after = w.checkpoint?.after;
    const job: PageJob = {
      entity,
      w,
      rows: dedupe(w.rows),
      quarantine: uniqueQuarantine(w.quarantine),
      previous: after ? this.#checkpointed.get(after) : undefined,
      updated,
    };
    const written = this.#writePage(job).finally(updated);
    this.#checkpointed.set(written, checkpointed);
    return written;
  }

  async #writePage(job: PageJob): Promise<PageWritten> {
    const release = await this.#claim(job);
    try {
      return await this.#attempts(job);
    } finally {
      release();
    }
  }

  /**
   * Pages are written in parallel, and each commits only after the page before it. Were two of them to share an id
   * (or a quarantined item), the later could hold the row's lock while waiting for the earlier, which waits for the
   * lock: a wait no database can see. So a page that shares one with a page still being written waits for the pages
   * before it to settle first.
   */
  async #claim(job: PageJob): Promise<() => void> {
    const keys = job.rows.map((r) => `${job.w.table}:${r.id}`);
    for (const q of job.quarantine) keys.push(`${job.entity}:q:${JSON.stringify(q.raw ?? null)}`);
    const after = job.w.checkpoint?.after;
    const clash = after !== undefined && keys.some((k) => this.#writing.has(k));
    // Held while waiting too, so that a later page sharing one of them waits for this one in turn.
    for (const k of keys) this.#writing.set(k, (this.#writing.get(k) ?? 0) + 1);
    const release = () => {
      for (const k of keys) {
        const n = this.#writing.get(k)! - 1;
        if (n > 0) this.#writing.set(k, n);
        else this.#writing.delete(k);
      }
    };
    if (clash) await after.catch(() => {});
    return release;
  }

  async #attempts(job: PageJob): Promise<PageWritten> {
    const { entity, w, rows, quarantine } = job;
    let how: 'copy' | 'merge' | 'jsonb' = this.#copy ? 'copy' : 'jsonb';
    for (;;) {
      const used = { copy: false, direct: false };
      try {
        return await this.#db.transaction(async (tx) => {
          let upserted: number;
          if (how !== 'jsonb' && tx.copyFrom && rows.length > 0) {
            used.copy = true;
            upserted = await this.#copyUpsert(tx, w.table, rows, how === 'copy', used);
            if (quarantine.length > 0)
              await tx.query(quarantineSql('$1', '$2'), [entity, quarantinePayload(quarantine)]);
          } else {
            // Rows and quarantine in one statement.
            const r = await tx.query<{ upserted: string }>(pageSql(w.table).page, [
              payload(rows),
              quarantinePayload(quarantine),
              entity,
            ]);
            upserted = Number(r.rows[0]?.upserted ?? 0);
          }
          await this.#advance(tx, job, rows.length);
          return { upserted, quarantined: quarantine.length };
        });
      } catch (e) {
        if (isCheckpointMoved(e)) throw e;
        const code = pgCode(e);
        if (used.copy && code.startsWith('42')) {
          // The staging table cannot be made or read here (a role without TEMP, say): the jsonb path for good.
          this.#copy = false;
          how = 'jsonb';
          continue;
        }
        if (used.direct && RACED.has(code)) {
          // Another writer stored one of the ids first: merge the page instead.
          how = 'merge';
          continue;
        }
        if (rows.length <= 1 && quarantine.length === 0) throw e;
        return this.#rowByRow(job);
      }
    }
  }

  /**
   * The batch was refused (a value the validation let through). Find the rows the database rejects, quarantine them
   * with the reason, and still commit the rest with the checkpoint: one bad item never stops the run, and never
   * drops its neighbours.
   */
  #rowByRow(job: PageJob): Promise<PageWritten> {
    const { entity, w, rows, quarantine } = job;
    return this.#db.transaction(async (tx) => {
      let upserted = 0;
      const rejected: QuarantineItem[] = [...quarantine];
      for (const row of rows) {
        await tx.query('SAVEPOINT row_upsert');
        try {
          upserted += (await tx.query(pageSql(w.table).upsert, [payload([row])])).rowCount;
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
      await this.#advance(tx, job, rows.length);
      return { upserted, quarantined: q.length };
    });
  }

  /**
   * PostgreSQL, in the caller's transaction; returns the rows inserted or changed. When `direct` and none of the
   * page's ids is stored yet (a first sync), the page is COPYed straight into the table: no staging, no conflict
   * checks. Otherwise it is COPYed into this session's staging table (emptied at every commit) and merged by one
   * INSERT … SELECT … ON CONFLICT that leaves unchanged rows alone. Should another writer store one of the ids in
   * between, the straight COPY fails on the unique index and `#attempts` merges the page in a new transaction.
   */
  async #copyUpsert(
    tx: Queryable,
    table: TableName,
    rows: PreparedRow[],
    direct: boolean,
    used: { direct: boolean },
  ): Promise<number> {
    const sql = pageSql(table);
    const text = copyText(rows);
    if (direct && (await tx.query(sql.known, [rows.map((r) => r.id)])).rowCount === 0) {
      used.direct = true;
      return tx.copyFrom!(sql.direct, text);
    }
    await tx.query(sql.create);
    await tx.copyFrom!(sql.stage, text);
    return (await tx.query(sql.merge)).rowCount;
  }

  /**
   * Moves the checkpoint from `expect` to `next` (compare-and-set: it fails the page when the previous one did not
   * commit). Its UPDATE is sent once the previous page's own UPDATE has run: that one holds the checkpoint row until
   * it commits, so this one waits inside the database and reads the row as that commit left it, and the pages commit
   * one right after the other without a round trip through this process in between. A previous page written
   * elsewhere is simply awaited.
   */
  async #advance(tx: Queryable, job: PageJob, count: number): Promise<void> {
    const { entity, w } = job;
    if (!w.checkpoint) return;
    if (job.previous) await job.previous;
    else await w.checkpoint.after?.catch(() => {});
    const r = await tx.query(ADVANCE_SQL, [entity, w.checkpoint.next, count, w.checkpoint.expect]);
    if (r.rowCount !== 1) {
      throw new ZakError(
        'ZAK_ETL_CHECKPOINT_MOVED',
        'conflict',
        `the ${entity} checkpoint is not where this page expects it`,
      );
    }
    job.updated();
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

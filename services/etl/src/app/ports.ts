import type { EntityName, Page, PreparedRow, RefItem, TableName } from '@zakupai/goszakup';

export type SyncMode = 'full' | 'since';

/** Where a run reads from: `cursor` '' = the start; otherwise the value a previous page returned as `next`. */
export interface SyncPlan {
  mode: SyncMode;
  since: string | null;
  cursor: string;
}

export interface Checkpoint {
  entity: EntityName;
  inProgress: boolean;
  mode: SyncMode | null;
  since: string | null;
  cursor: string | null;
  runStartedAt: Date | null;
  itemsInRun: number;
  lastSuccessAt: Date | null;
  lastRunStartedAt: Date | null;
}

export interface QuarantineItem {
  itemId: string | null;
  reason: string;
  raw: unknown;
}

export interface PageWrite {
  table: TableName;
  rows: PreparedRow[];
  quarantine: QuarantineItem[];
  /**
   * Advances the entity's checkpoint in the same transaction (absent for offline imports): from `expect` (the cursor
   * the previous page left) to `next`. When the checkpoint does not hold `expect` (the previous page did not commit)
   * the whole write fails, so pages written in parallel still commit in order and never skip one. `after` is the
   * previous page's write: the checkpoint step waits for it to settle (the rows are written meanwhile).
   */
  checkpoint?: { expect: string; next: string | null; after?: Promise<unknown> };
}

export interface PageWritten {
  upserted: number;
  quarantined: number;
}

export interface RunRecord {
  id: string;
  entity: EntityName;
  mode: SyncMode;
  since: string | null;
  source: string;
  status: 'running' | 'ok' | 'failed' | 'interrupted';
  startedAt: Date;
  finishedAt: Date | null;
  pages: number;
  itemsSeen: number;
  itemsUpserted: number;
  itemsQuarantined: number;
  errors: Record<string, number>;
  error: string | null;
}

/** Everything the sync needs from the database. */
export interface SyncStore {
  checkpoint(entity: EntityName): Promise<Checkpoint | null>;
  /** Marks a new run as in progress from the start of `plan`; returns its start time. */
  beginRun(entity: EntityName, plan: Omit<SyncPlan, 'cursor'>): Promise<Date>;
  /** One transaction: the upsert, the quarantine rows and (when given) the checkpoint. Safe to call concurrently. */
  writePage(entity: EntityName, write: PageWrite): Promise<PageWritten>;
  /** Runs `fn` only if no other sync of `entity` runs (in this process or, on PostgreSQL, any other); else null. */
  withEntityLock<T>(entity: EntityName, fn: () => Promise<T>): Promise<T | null>;
  openRunRecord(entity: EntityName, plan: SyncPlan, source: string): Promise<string>;
  closeRunRecord(
    id: string,
    r: Pick<
      RunRecord,
      'status' | 'pages' | 'itemsSeen' | 'itemsUpserted' | 'itemsQuarantined' | 'errors' | 'error'
    >,
  ): Promise<void>;
  /** Runs left 'running' by a process that died are marked 'interrupted' (called under the entity lock). */
  markInterrupted(entity: EntityName): Promise<void>;
  /** Upserts items of one reference list (`/v3/refs/{name}`) into `goszakup.refs`; returns the rows changed. */
  saveRefs(name: string, items: RefItem[]): Promise<number>;
  lastRuns(): Promise<RunRecord[]>;
  checkpoints(): Promise<Checkpoint[]>;
  quarantineCounts(): Promise<Record<string, number>>;
}

/** Where pages come from (the OWS API, or a test double). */
export interface PageSource {
  readonly name: string;
  pages(entity: EntityName, plan: SyncPlan, signal?: AbortSignal): AsyncIterable<Page>;
}

import { isZakError } from '@zakupai/errors';
import { ENTITY_SOURCES, prepareItem, type EntityName, type PreparedRow } from '@zakupai/goszakup';
import type { EtlMetrics } from './etl-metrics.ts';
import type { ErrorTally } from './error-tally.ts';
import type { PageSource, QuarantineItem, SyncPlan, SyncStore } from './ports.ts';
import { portalTime } from './since.ts';

export interface SyncDeps {
  store: SyncStore;
  source: PageSource;
  metrics: EtlMetrics;
  errors?: ErrorTally;
  /** Progress: one call per committed page, and at start and end. */
  onEvent?: (e: SyncEvent) => void;
  /**
   * Pages written at once (default 3). They overlap their upserts and still commit in page order (see
   * `SyncStore.writePage`); a single-connection database simply runs them one after another.
   */
  parallelWrites?: number;
  /** How far before the previous run's start an incremental run looks back. Default 1 h. */
  overlapMs?: number;
}

export interface SyncOptions {
  /** Only items changed since this portal time (`YYYY-MM-DD HH:MM:SS`). */
  since?: string;
  /** Walk everything again, ignoring an interrupted run and the last success. */
  full?: boolean;
  signal?: AbortSignal;
}

export type SyncEvent =
  | { type: 'start'; entity: EntityName; plan: SyncPlan; resumed: boolean }
  | { type: 'page'; entity: EntityName; items: number; upserted: number; quarantined: number; total?: number }
  | { type: 'end'; result: SyncResult };

export interface SyncResult {
  entity: EntityName;
  status: 'ok' | 'busy' | 'failed';
  resumed: boolean;
  plan?: SyncPlan;
  pages: number;
  itemsSeen: number;
  upserted: number;
  quarantined: number;
  errors: Record<string, number>;
  error?: string;
}

/**
 * Syncs one entity into schema `goszakup`. Every page is committed with the checkpoint that follows it, so a run that
 * dies resumes at the first uncommitted page: upserts make a replayed page harmless, nothing is skipped.
 * A run while another of the same entity is going answers `busy` at once.
 */
export async function syncEntity(
  deps: SyncDeps,
  entity: EntityName,
  opts: SyncOptions = {},
): Promise<SyncResult> {
  const r = await deps.store.withEntityLock(entity, () => run(deps, entity, opts));
  const busy: SyncResult = {
    entity,
    status: 'busy',
    resumed: false,
    pages: 0,
    itemsSeen: 0,
    upserted: 0,
    quarantined: 0,
    errors: {},
  };
  return r ?? busy;
}

async function run(deps: SyncDeps, entity: EntityName, opts: SyncOptions): Promise<SyncResult> {
  const { store, source, metrics } = deps;
  const table = ENTITY_SOURCES[entity].table;
  await store.markInterrupted(entity);
  const cp = await store.checkpoint(entity);
  const resumed = Boolean(cp?.inProgress) && !opts.since && !opts.full;
  let plan: SyncPlan;
  if (resumed && cp?.mode) {
    plan = { mode: cp.mode, since: cp.since, cursor: cp.cursor ?? '' };
  } else {
    const incremental = !opts.full && (opts.since !== undefined || cp?.lastRunStartedAt);
    const since =
      opts.since ??
      (incremental && cp?.lastRunStartedAt
        ? portalTime(new Date(cp.lastRunStartedAt.getTime() - (deps.overlapMs ?? 3_600_000)))
        : null);
    plan = { mode: incremental ? 'since' : 'full', since, cursor: '' };
    await store.beginRun(entity, plan);
  }
  deps.onEvent?.({ type: 'start', entity, plan, resumed });
  const before = deps.errors?.snapshot(entity) ?? {};
  const runId = await store.openRunRecord(entity, plan, source.name);
  const result: SyncResult = {
    entity,
    status: 'ok',
    resumed,
    plan,
    pages: 0,
    itemsSeen: 0,
    upserted: 0,
    quarantined: 0,
    errors: {},
  };
  const inFlight: Array<Promise<unknown>> = [];
  const parallel = Math.max(1, deps.parallelWrites ?? 3);
  try {
    let expect = plan.cursor;
    let previous: Promise<unknown> | undefined;
    for await (const page of readAhead(source.pages(entity, plan, opts.signal))) {
      const rows: PreparedRow[] = [];
      const quarantine: QuarantineItem[] = [];
      for (const item of page.items) {
        const p = prepareItem(table, item);
        if (p.ok) rows.push(...p.rows);
        else quarantine.push({ itemId: p.itemId, reason: p.reason, raw: item });
      }
      const written = store.writePage(entity, {
        table,
        rows,
        quarantine,
        checkpoint: { expect, next: page.next, after: previous },
      });
      previous = written;
      const write = written.then((w) => {
        result.pages += 1;
        result.itemsSeen += page.items.length;
        result.upserted += w.upserted;
        result.quarantined += w.quarantined;
        metrics.upserted.inc({ entity }, w.upserted);
        metrics.quarantined.inc({ entity }, w.quarantined);
        if (quarantine.length > 0) {
          metrics.goszakupErrors.inc({ error_type: 'parse' }, quarantine.length);
          for (let i = 0; i < quarantine.length; i += 1) deps.errors?.record('parse', entity);
        }
        deps.onEvent?.({
          type: 'page',
          entity,
          items: page.items.length,
          upserted: w.upserted,
          quarantined: w.quarantined,
          ...(page.total === undefined ? {} : { total: page.total }),
        });
      });
      write.catch(() => {});
      inFlight.push(write);
      expect = page.next ?? '';
      if (inFlight.length >= parallel) await inFlight.shift();
    }
    while (inFlight.length > 0) await inFlight.shift();
    metrics.lastSuccess.set({ entity }, Date.now() / 1000);
  } catch (e) {
    await Promise.allSettled(inFlight);
    result.status = 'failed';
    result.error = describe(e);
  }
  result.errors = deps.errors?.since(entity, before) ?? {};
  await store.closeRunRecord(runId, {
    status: result.status === 'ok' ? 'ok' : 'failed',
    pages: result.pages,
    itemsSeen: result.itemsSeen,
    itemsUpserted: result.upserted,
    itemsQuarantined: result.quarantined,
    errors: result.errors,
    error: result.error ?? null,
  });
  deps.onEvent?.({ type: 'end', result });
  return result;
}

/** A failure as one line without secrets: our own errors carry safe messages; others give only their class and code. */
function describe(e: unknown): string {
  if (isZakError(e)) return `${e.code}: ${e.message}`;
  const code = (e as { code?: string }).code;
  return `${(e as Error)?.name ?? 'Error'}${code ? ` ${code}` : ''}`;
}

/**
 * Requests page k+1 while page k is being written, so the network and the database work at the same time. At most
 * one page waits in memory; pages are still written, and checkpointed, strictly in order.
 */
async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = it.next();
      // A failure of the prefetch surfaces when awaited above; until then it must not count as unhandled.
      next.catch(() => {});
      yield r.value;
    }
  } finally {
    // Stops the source when the consumer leaves early (a write failed, or the run was aborted).
    await next.then(
      () => it.return?.(),
      () => undefined,
    );
  }
}

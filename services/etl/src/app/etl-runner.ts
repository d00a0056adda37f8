import { ENTITIES, type EntityName } from '@zakupai/goszakup';
import type { Checkpoint, RunRecord } from './ports.ts';
import { syncEntity, type SyncDeps, type SyncOptions, type SyncResult } from './sync-entity.ts';
import { syncRefs, type RefsDeps, type RefsResult } from './sync-refs.ts';

export interface EtlStatus {
  running: EntityName[];
  /** The last load of the reference lists in this process: items per list, and lists that failed. */
  refs: RefsResult | null;
  entities: Array<{
    entity: EntityName;
    checkpoint: Checkpoint | null;
    lastRun: RunRecord | null;
    quarantined: number;
  }>;
}

/** Runs syncs for the service (schedule and `POST /etl/sync`) and answers `GET /etl/status`. */
export class EtlRunner {
  readonly #deps: SyncDeps;
  readonly #running = new Set<EntityName>();
  readonly #controller = new AbortController();
  readonly #refs: RefsDeps | undefined;
  #lastRefs: RefsResult | null = null;

  constructor(deps: SyncDeps, refs?: RefsDeps) {
    this.#deps = deps;
    this.#refs = refs;
  }

  /** Reloads the reference lists (before a sync of all entities). */
  async syncRefs(): Promise<RefsResult | null> {
    if (!this.#refs) return null;
    this.#lastRefs = await syncRefs(this.#refs, undefined, this.#controller.signal);
    return this.#lastRefs;
  }

  /** Entities of the list that a sync in this process is already working on. */
  busy(entities: readonly EntityName[]): EntityName[] {
    return entities.filter((e) => this.#running.has(e));
  }

  /** Syncs the entities one after another (a busy one answers `busy` and is skipped). */
  async sync(
    entities: readonly EntityName[] = ENTITIES,
    opts: Omit<SyncOptions, 'signal'> = {},
  ): Promise<SyncResult[]> {
    const out: SyncResult[] = [];
    for (const e of entities) {
      if (this.#controller.signal.aborted) break;
      if (this.#running.has(e)) {
        out.push({
          entity: e,
          status: 'busy',
          resumed: false,
          pages: 0,
          itemsSeen: 0,
          upserted: 0,
          quarantined: 0,
          errors: {},
        });
        continue;
      }
      this.#running.add(e);
      try {
        out.push(await syncEntity(this.#deps, e, { ...opts, signal: this.#controller.signal }));
      } finally {
        this.#running.delete(e);
      }
    }
    return out;
  }

  async status(): Promise<EtlStatus> {
    const [cps, runs, q] = await Promise.all([
      this.#deps.store.checkpoints(),
      this.#deps.store.lastRuns(),
      this.#deps.store.quarantineCounts(),
    ]);
    return {
      running: [...this.#running],
      refs: this.#lastRefs,
      entities: ENTITIES.map((entity) => ({
        entity,
        checkpoint: cps.find((c) => c.entity === entity) ?? null,
        lastRun: runs.find((r) => r.entity === entity) ?? null,
        quarantined: q[entity] ?? 0,
      })),
    };
  }

  /** Stops syncs at the next request; committed pages stay, and the next start resumes. */
  stop(): void {
    this.#controller.abort();
  }
}

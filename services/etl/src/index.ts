// The library side of the etl service, for the CLI (no HTTP server here; `main.ts` is the service).
export { etlMigrations } from './adapters/migrations.ts';
export { PgSyncStore } from './adapters/pg-store.ts';
export { owsSource, type OwsSourceOptions } from './adapters/ows-source.ts';
export {
  syncEntity,
  type SyncDeps,
  type SyncOptions,
  type SyncResult,
  type SyncEvent,
} from './app/sync-entity.ts';
export { importItems, parseEntities, type ImportDeps, type ImportResult } from './app/import-items.ts';
export { EtlRunner, type EtlStatus } from './app/etl-runner.ts';
export { ErrorTally } from './app/error-tally.ts';
export { etlMetrics, type EtlMetrics } from './app/etl-metrics.ts';
export { parseSince, portalTime } from './app/since.ts';
export { parseSchedule, startSchedule } from './app/schedule.ts';
export type { SyncStore, PageSource, SyncPlan, Checkpoint, RunRecord } from './app/ports.ts';
export { jsonlLines, SAMPLE_FILE } from './adapters/jsonl-file.ts';
export { importSampleIfWanted } from './app/import-sample.ts';
export { migrateEtl } from './adapters/migrate-etl.ts';
export { syncRefs, REF_NAMES, type RefsDeps, type RefsResult } from './app/sync-refs.ts';

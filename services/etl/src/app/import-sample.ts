import type { Db } from '@zakupai/db';
import { importItems, type ImportDeps, type ImportResult } from './import-items.ts';

/**
 * `ETL_IMPORT_SAMPLE`: `if-empty` loads the bundled synthetic sample when schema goszakup has no lots yet (dev mode,
 * so the quick start has data to show); `always` loads it on every start (idempotent); anything else, nothing.
 */
export async function importSampleIfWanted(
  mode: string | undefined,
  db: Db,
  deps: ImportDeps,
  lines: () => Promise<AsyncIterable<string>>,
): Promise<ImportResult | null> {
  if (mode !== 'if-empty' && mode !== 'always') return null;
  if (mode === 'if-empty') {
    const r = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM goszakup.lots) AS any');
    if (r.rows[0]?.any) return null;
  }
  return importItems(deps, await lines());
}

import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { configError } from '@zakupai/errors';
import type { Db } from './db.ts';
import { PostgresDb, type PostgresDbOptions } from './postgres-db.ts';
import { PgliteDb } from './pglite-db.ts';

const shared = new Map<string, Promise<PgliteDb>>();

/**
 * Opens `postgres://…` / `postgresql://…` with a pool, or `pglite:<dir>` (`pglite:memory:` for a throwaway one).
 * A malformed URL is a config error that names the scheme, never the URL (it may hold a password).
 */
export async function openDb(url: string, options: PostgresDbOptions = {}): Promise<Db> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return new PostgresDb(url, options);
  if (url.startsWith('pglite:')) {
    const target = url.slice('pglite:'.length);
    if (target === 'memory:' || target === '') return PgliteDb.open(undefined);
    const dir = resolve(target);
    const existing = shared.get(dir);
    if (existing) return (await existing).retain();
    mkdirSync(dir, { recursive: true });
    const opening = PgliteDb.open(dir, () => shared.delete(dir));
    shared.set(dir, opening);
    return opening;
  }
  throw configError('ZAK_DB_URL', 'DATABASE_URL must start with postgres://, postgresql:// or pglite:');
}

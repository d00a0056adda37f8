import { RotatingDb, migrate, type Migration } from '@zakupai/db';
import type { Logger } from './logger.ts';
import type { SecretStore } from '@zakupai/secrets';

/**
 * Opens the service's database from its `DATABASE_URL` secret, runs its migrations, and follows rotation:
 * when the secret changes, a new pool is opened and checked before it replaces the old one. A rotation that
 * cannot connect throws inside the secret store's listener, which logs it and retries on the next refresh.
 */
export async function connectDatabase(
  secrets: SecretStore<'DATABASE_URL'> | SecretStore<string>,
  logger: Logger,
  migrations: readonly Migration[],
): Promise<RotatingDb> {
  const db = await RotatingDb.open(secrets.get('DATABASE_URL'));
  try {
    const applied = await migrate(db, migrations);
    if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
  secrets.onChange(async (changed) => {
    if (!changed.includes('DATABASE_URL')) return;
    if (await db.rotate(secrets.get('DATABASE_URL'))) logger.info('database credentials rotated');
  });
  return db;
}

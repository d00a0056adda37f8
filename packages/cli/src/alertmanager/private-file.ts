import { randomBytes } from 'node:crypto';
import { chmod, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `content` to `path` with mode 0600, atomically: a temp file in the same directory, fsync, rename.
 * A reader (Alertmanager reloading) sees the old file or the new one, never half of it, and the secret is never
 * readable by others, not even for a moment (the temp file is created 0600).
 */
export async function writePrivateFile(path: string, content: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(content, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await chmod(tmp, 0o600); // a umask cannot widen it, but be explicit about the contract
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ZakError } from '@zakupai/errors';
import { stringifyValues, type SecretRead, type SecretSource } from './secret-source.ts';

/**
 * ZAKUPAI_SECRETS_FILE: a JSON object mapping each path under the mount to its keys,
 * `{"calc": {"DATABASE_URL": "…"}}`. Re-read on every read, so editing the file rotates values.
 * A file that the group or others may read is refused.
 */
export class FileSecretSource implements SecretSource {
  readonly kind = 'file' as const;
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  describe(path: string): string {
    return `${basename(this.file)}#${path}`;
  }

  async read(path: string): Promise<SecretRead> {
    const doc = await this.#load();
    const entry = doc[path];
    if (entry === undefined) {
      throw new ZakError(
        'ZAK_SECRETS_NOT_FOUND',
        'config',
        `ZAKUPAI_SECRETS_FILE ${this.file} has no "${path}" entry`,
        {
          details: { path },
        },
      );
    }
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      throw invalid(this.file, `"${path}" must map key names to values`);
    }
    return { values: stringifyValues(entry as Record<string, unknown>), version: undefined };
  }

  tokenTtlSeconds(): number | undefined {
    return Infinity;
  }

  async close(): Promise<void> {}

  async #load(): Promise<Record<string, unknown>> {
    let mode: number;
    try {
      mode = (await stat(this.file)).mode;
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'unreadable';
      throw new ZakError(
        'ZAK_SECRETS_FILE_UNREADABLE',
        'config',
        `ZAKUPAI_SECRETS_FILE ${this.file} cannot be read (${code})`,
      );
    }
    if ((mode & 0o077) !== 0) {
      const octal = (mode & 0o777).toString(8).padStart(4, '0');
      throw new ZakError(
        'ZAK_SECRETS_FILE_PERMISSIONS',
        'config',
        `ZAKUPAI_SECRETS_FILE ${this.file} is readable by group or others (mode ${octal}); run: chmod 600 ${this.file}`,
      );
    }
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      // JSON.parse's message quotes the text around the fault, which may be a secret: never pass it on.
      throw invalid(this.file, 'is not valid JSON');
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc))
      throw invalid(this.file, 'must be a JSON object of paths');
    return doc as Record<string, unknown>;
  }
}

function invalid(file: string, what: string): ZakError {
  return new ZakError('ZAK_SECRETS_FILE_INVALID', 'config', `ZAKUPAI_SECRETS_FILE ${file} ${what}`);
}

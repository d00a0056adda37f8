import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { validationError } from '@zakupai/errors';

/**
 * The lines of a JSONL file, streamed (a dump of millions of items never sits in memory). The file is checked now
 * but opened only when iteration starts, so no line is emitted before someone reads.
 */
export async function jsonlLines(path: string, field = '--from-file'): Promise<AsyncIterable<string>> {
  const st = await stat(path).catch(() => null);
  if (!st?.isFile()) throw validationError(field, `${field}: no such file ${path}`);
  return {
    [Symbol.asyncIterator]: () =>
      createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })[
        Symbol.asyncIterator
      ](),
  };
}

/** The bundled synthetic sample (data/sample/goszakup-sample.jsonl). */
export const SAMPLE_FILE = fileURLToPath(
  new URL('../../../../data/sample/goszakup-sample.jsonl', import.meta.url),
);

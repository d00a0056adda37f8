/**
 * Writes the committed OpenAPI snapshots, docs/openapi/<service>.json. `--check` only reports drift (exit 1).
 * Run through `npm run generate`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openapiDocuments } from './openapi-snapshot.ts';

const dir = join(import.meta.dirname, '..', 'docs', 'openapi');
const check = process.argv.includes('--check');
const docs = await openapiDocuments();
let drift = 0;
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(docs)) {
  const file = join(dir, `${name}.json`);
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    /* new */
  }
  if (current === text) continue;
  drift += 1;
  if (check) console.error(`drift: docs/openapi/${name}.json differs from what ${name} serves`);
  else writeFileSync(file, text);
}
if (check && drift > 0) process.exit(1);
console.log(check ? 'openapi snapshots: no drift' : `openapi snapshots: ${drift} written`);
process.exit(0);

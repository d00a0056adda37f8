import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openapiDocuments } from './openapi-snapshot.ts';

test('the committed OpenAPI snapshots match what each service serves (regenerate with `npm run generate`)', async () => {
  const docs = await openapiDocuments();
  assert.deepEqual(Object.keys(docs).sort(), ['billing', 'calc', 'etl', 'gateway', 'risk']);
  for (const [name, text] of Object.entries(docs)) {
    const committed = readFileSync(
      join(import.meta.dirname, '..', 'docs', 'openapi', `${name}.json`),
      'utf8',
    );
    assert.equal(text, committed, `docs/openapi/${name}.json is stale`);
    const doc = JSON.parse(text);
    assert.equal(doc.openapi, '3.0.3');
    // The gateway's own routes are the proxied services' (documented in their snapshots under /api/<service>).
    if (name !== 'gateway') assert.ok(Object.keys(doc.paths).length > 0, `${name} documents its routes`);
  }
});

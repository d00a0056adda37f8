import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { CARDINAL_INDICATORS } from '../../src/domain/cardinal/index.ts';
import { FIXTURES, readGolden, results, run } from './support.ts';

/**
 * Hand-made golden fixtures, one file per indicator (fixtures/golden/*.yaml): each case is a set of releases (merge
 * patches over the file's base, every one validated as OCDS 1.1.5 + bids), Cardinal's settings file, and the output
 * Cardinal's documented definitions give, with the arithmetic written beside it.
 */
const files = readdirSync(new URL('golden/', FIXTURES)).filter((f) => f.endsWith('.yaml'));

test('there is a golden file for each of the eleven indicators', () => {
  assert.deepEqual(files.map((f) => f.replace('.yaml', '').toUpperCase()).sort(), [...CARDINAL_INDICATORS]);
});

for (const file of files) {
  for (const c of readGolden(`golden/${file}`)) {
    test(`${file}: ${c.name}`, () => {
      const { json, result } = run(c.settings, c.releases);
      assert.deepEqual(results(json), c.expected);
      if (c.meta) assert.deepEqual(json.Meta, c.meta);
      for (const flag of result.flags) {
        for (const text of Object.values(flag.explanation))
          assert.ok(text.length > 20, `${flag.indicator} ${flag.id}`);
      }
    });
  }
}

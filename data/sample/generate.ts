// Regenerates goszakup-sample.jsonl, deterministically: `npx tsx data/sample/generate.ts`.
// SYNTHETIC data (see README.md): the generator of the test fake, at a small size.
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FakeGoszakupData, type FakeEntity } from '@zakupai/testing/fake-goszakup-data';
import { restView } from '@zakupai/testing/fake-goszakup';

const data = new FakeGoszakupData({ lots: 360, seed: 2024, customers: 4, suppliers: 30, rnuEvery: 5 });
const out = createWriteStream(fileURLToPath(new URL('./goszakup-sample.jsonl', import.meta.url)));
const write = (entity: FakeEntity, item: unknown) => out.write(`${JSON.stringify({ entity, item })}\n`);

for (const e of ['trd_buy', 'lots', 'contracts', 'bids'] as const) {
  for (let i = 0; i < data.count(e); i += 1)
    write(e, e === 'contracts' || e === 'bids' ? data.item(e, i) : restView(e, data.item(e, i)));
}
for (let i = 0; i < data.count('rnu'); i += 1) {
  const listed = data.item('rnu', i);
  const detail = data.rnuDetail(String(listed.supplier_biin));
  for (const row of detail && detail.length ? detail : [listed]) write('rnu', row);
}
out.end();

// Regenerates goszakup-sample.jsonl, deterministically: `npx tsx data/sample/generate.ts`.
// SYNTHETIC data (see README.md): the generator of the test fake, at a small size, then adjusted so that what the
// risk rules find in it is true by construction (README.md, "What the risk rules find").
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FAKE_REFS, FakeGoszakupData, type FakeEntity, type Item } from '@zakupai/testing/fake-goszakup-data';
import { restView } from '@zakupai/testing/fake-goszakup';

const data = new FakeGoszakupData({ lots: 360, seed: 2024, customers: 4, suppliers: 30, rnuEvery: 5 });

/** The fake dates 2024; the sample moves to 2025, the first year with an MCI and a holiday calendar on file. */
const SHIFT_DAYS = 365;
const YEAR = 2025;

/** Reference lists as `/v3/refs/{name}` serves them: the fake's, plus first/repeat procurement. */
const REFS: Record<string, Item[]> = {
  ...FAKE_REFS,
  ref_type_trade: [
    { id: 1, code: 'FIRST', name_ru: 'Первичная закупка', name_kz: 'Бастапқы сатып алу' },
    { id: 2, code: 'REPEAT', name_ru: 'Повторная закупка', name_kz: 'Қайталама сатып алу' },
  ],
};

/** Per ENSTRU code of the fake: the unit (OKEI code) and a typical unit price in tiyn, without VAT. */
const ITEMS: Record<string, { unit: string; price: bigint }> = {
  '171912.100.000000': { unit: '778', price: 260_000n }, // paper, pack
  '812110.000.000000': { unit: '055', price: 45_000n }, // cleaning, m²
  '262040.900.000013': { unit: '796', price: 1_800_000n }, // cartridge, piece
  '192121.100.000002': { unit: '112', price: 20_500n }, // petrol, litre
  '433910.000.000000': { unit: '055', price: 950_000n }, // roof repair, m²
  '222960.900.000021': { unit: '715', price: 6_000n }, // gloves, pair
  '562910.000.000000': { unit: '876', price: 120_000n }, // catering, meal
  '262013.000.000005': { unit: '796', price: 38_000_000n }, // desktop PC, piece
  '310112.500.000001': { unit: '796', price: 6_500_000n }, // desk, piece
  '801010.000.000000': { unit: '356', price: 180_000n }, // security, hour
};

/** A 32-bit mix of the inputs (murmur3 finaliser): the only source of variation, so the output never changes. */
function mix(...xs: number[]): number {
  let h = 0x2545f491;
  for (const x of xs) {
    h = Math.imul(h ^ (x | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Money as the API sends it (a JSON number with at most 2 decimals) ↔ exact tiyn. */
function tiyn(v: unknown): bigint {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(v));
  if (!m) throw new Error(`not an amount: ${String(v)}`);
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}
function money(t: bigint): number {
  return Number(`${t / 100n}.${String(t % 100n).padStart(2, '0')}`);
}
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
const minBig = (a: bigint, b: bigint) => (a < b ? a : b);

const STAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;
function addDays(stamp: string, days: number): string {
  const m = STAMP.exec(stamp)!;
  const t = Date.parse(`${m[1]}T${m[2]}Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}
/** Every `YYYY-MM-DD HH:MM:SS` moved by SHIFT_DAYS, every 2024 financial year made 2025 (nested items too). */
function shift<T>(v: T): T {
  if (typeof v === 'string') return (STAMP.test(v) ? addDays(v, SHIFT_DAYS) : v) as T;
  if (Array.isArray(v)) return v.map(shift) as T;
  if (v === null || typeof v !== 'object') return v;
  const out: Item = {};
  for (const [k, x] of Object.entries(v)) out[k] = k === 'fin_year' && x === YEAR - 1 ? YEAR : shift(x);
  return out as T;
}

const all = (e: FakeEntity) =>
  Array.from({ length: data.count(e) }, (_, i) => shift(restView(e, data.item(e, i))));
const buys = all('trd_buy');
const lots = all('lots');
const bids = all('bids');
const contracts = data.count('contracts');
const lotById = new Map(lots.map((l) => [String(l.id), l]));

// Every 11th announcement gets a 3-day bid window: below the legal minimum for a tender or an auction.
buys.forEach((b, i) => {
  if (i % 11 === 7) b.end_date = addDays(String(b.start_date), 3);
});

// Bids: the fake's dumping bids (55–69% of the lot amount) stay; its other bids (80–100%) are moved to
// 90–100%, or 98–100% for construction works, so that they are at or above the legal dumping threshold
// (Rules 687 pp. 85, 94, 97) and only the dumping bids are dumping. Bids are prices without VAT.
for (const app of bids) {
  for (const al of app.app_lots as Item[]) {
    const lot = lotById.get(String(al.lot_id))!;
    const a = tiyn(lot.amount);
    const p = tiyn(al.price);
    if (p * 10n < a * 7n) continue;
    const floorPct = lot.is_construction_work === 1 ? 98n : 90n;
    const moved = a - ((a - p) * (100n - floorPct)) / 20n;
    const atLeast = ceilDiv(a * floorPct, 100n);
    const price = money(moved < atLeast ? atLeast : moved);
    al.price = price;
    al.amount = price;
  }
}

// Contracts: the winner's bid plus VAT at the rate of the turnover date (the planned delivery date: 12% until
// 31 Dec 2025, 16% from 1 Jan 2026, the rate of the turnover date), so that netting the VAT out gives the bid back.
const bidsOf = new Map<string, { supplier: string; price: bigint }[]>();
for (const app of bids) {
  for (const al of app.app_lots as Item[]) {
    const list = bidsOf.get(String(al.lot_id)) ?? [];
    list.push({ supplier: String(app.supplier_bin_iin), price: tiyn(al.price) });
    bidsOf.set(String(al.lot_id), list);
  }
}
const contractItems = Array.from({ length: contracts }, (_, i) => {
  const c = shift(data.item('contracts', i));
  const lotId = String((c.contract_units as Item[])[0]!.lot_id);
  const offers = bidsOf.get(lotId)!;
  const won = offers.find((o) => o.supplier === c.supplier_biin);
  if (!won || offers.some((o) => o.price < won.price))
    throw new Error(`contract ${i}: winner is not the lowest bid`);
  c.contract_sum = money(won.price);
  const gross = String(c.plan_exec_date) < '2026-01-01' ? 112n : 116n;
  c.contract_sum_wnds = money((won.price * gross + 50n) / 100n);
  c.contract_number_sys = String(c.contract_number_sys).replace(/\/24$/, '/25');
  return c;
});

// Lots: quantities from a typical unit price per item (92% within ±15% of it, 8% at 1.3–2 times it: overpriced),
// and the annual plan point each lot comes from (GraphQL `pointList` and `Plans`), except every 17th lot.
lots.forEach((l, j) => {
  const code = (l.enstru_list as string[])[0]!;
  const item = ITEMS[code]!;
  const h = mix(j, 1) % 100;
  const permille = BigInt(h < 8 ? 1300 + (mix(j, 2) % 701) : 850 + (mix(j, 2) % 301));
  const unitPrice = (item.price * permille) / 1000n;
  const count = (tiyn(l.amount) * 2n + unitPrice) / (2n * unitPrice);
  l.count = Number(count > 0n ? minBig(count, 1_000_000n) : 1n);
  if (j % 17 === 5) {
    l.point_list = [];
    l.plans = [];
  } else {
    const point = 7_000_000 + j;
    l.point_list = [point];
    l.plans = [{ id: point, pln_point_year: YEAR, ref_enstru_code: code, ref_units_code: item.unit }];
  }
});

const out = createWriteStream(fileURLToPath(new URL('./goszakup-sample.jsonl', import.meta.url)));
const write = (entity: string, item: unknown) => out.write(`${JSON.stringify({ entity, item })}\n`);

for (const [name, items] of Object.entries(REFS)) for (const item of items) write(name, item);
for (const b of buys) write('trd_buy', b);
for (const l of lots) write('lots', l);
for (const c of contractItems) write('contracts', c);
for (const b of bids) write('bids', b);
for (let i = 0; i < data.count('rnu'); i += 1) {
  const listed = data.item('rnu', i);
  const detail = data.rnuDetail(String(listed.supplier_biin));
  for (const row of detail && detail.length ? detail : [listed]) write('rnu', shift(row));
}
out.end();

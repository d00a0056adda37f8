import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { migrate, type Db } from '@zakupai/db';
import {
  etlMetrics,
  etlMigrations,
  importItems,
  jsonlLines,
  PgSyncStore,
  SAMPLE_FILE,
} from '@zakupai/etl/lib';

/**
 * The bundled sample (data/sample/goszakup-sample.jsonl), as the etl import loads it, and what a reader of the file
 * finds in it without the risk code.
 *
 * Hand count of anti-dumping violations (README "What the risk rules find"): 360 lots, 180 of them with a
 * contract. A contract is the winner's bid plus VAT at the rate of its turnover date (the planned delivery date:
 * 12% in 2025, 16% from 2026), so netting the VAT out at that rate gives the winning bid. The
 * sample's ordinary bids are at or above the dumping threshold (90% of the lot amount, 98% for construction works),
 * so a contracted lot is dumping exactly when its winning bid is one of the sample's dumping bids (55–69%) and the
 * method has a dumping rule. Of the 38 contracts won by a dumping bid:
 *   Открытый конкурс 11 + Конкурс с ПКО 8 (tender, Rules 687 p.94, or p.85 for the 3 construction lots)
 *   + Запрос ценовых предложений 7 (p.97)                                                          = 26 violations;
 *   Аукцион 6 (no dumping rule for auctions) and Из одного источника 6 (none for single source)   = not counted.
 * anti_dumping_ratio = 100 × 26 / 360 = 7.2222…
 */
export const SAMPLE_EXPECTED = { lots: 360, contracts: 180, violations: 26 } as const;
export const SAMPLE_RATIO = (100 * SAMPLE_EXPECTED.violations) / SAMPLE_EXPECTED.lots;

/** Loads the sample into `db` with the etl import (its migrations first). */
export async function importSample(db: Db): Promise<void> {
  await migrate(db, etlMigrations);
  const r = await importItems(
    { store: new PgSyncStore(db), metrics: etlMetrics(new Registry()) },
    await jsonlLines(SAMPLE_FILE),
  );
  for (const e of Object.values(r.byEntity)) if (e.quarantined !== 0) throw new Error('sample quarantined');
}

type Item = Record<string, unknown>;

const TENDER_OR_QUOTES = new Set([
  'Открытый конкурс',
  'Конкурс с предварительным квалификационным отбором',
  'Запрос ценовых предложений',
]);

const tiyn = (v: unknown): bigint => {
  const [whole, frac = ''] = String(v).split('.');
  return BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0'));
};

/** Reads the sample file itself: its lots, and the contracted lots a reader counts as dumping (see above). */
export function readSampleFile() {
  const lines = readFileSync(SAMPLE_FILE, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { entity: string; item: Item });
  const of = (entity: string) => lines.filter((l) => l.entity === entity).map((l) => l.item);
  const methodNames = new Map(of('ref_trade_methods').map((m) => [m.id, String(m.name_ru)]));
  const buys = new Map(of('trd_buy').map((b) => [b.id, b]));
  const lots = new Map(of('lots').map((l) => [String(l.id), l]));
  const dumping: string[] = [];
  const contracted: Array<{ lotId: string; method: string; supplierBin: string; vatRatePct: string }> = [];
  for (const c of of('contracts')) {
    const lotId = String((c.contract_units as Item[])[0]!.lot_id);
    const lot = lots.get(lotId)!;
    const method = methodNames.get(buys.get(lot.trd_buy_id)!.ref_trade_methods_id)!;
    // The VAT rate of the turnover date: no actual delivery date in the sample, so the planned one.
    const gross = String(c.fakt_exec_date ?? c.plan_exec_date) < '2026-01-01' ? 112n : 116n;
    contracted.push({
      lotId,
      method,
      supplierBin: String(c.supplier_biin),
      vatRatePct: String(gross - 100n),
    });
    // In tiyn: the price net of VAT (gross × 100 / (100 + rate), half up) below the minimum price, rounded up.
    const thresholdPct = lot.is_construction_work === 1 ? 2n : 10n;
    const net = (tiyn(c.contract_sum_wnds) * 200n + gross) / (2n * gross);
    const minimum = (tiyn(lot.amount) * (100n - thresholdPct) + 99n) / 100n;
    if (TENDER_OR_QUOTES.has(method) && net < minimum) dumping.push(lotId);
  }
  return { lotIds: [...lots.keys()], contracted, dumping, lots };
}

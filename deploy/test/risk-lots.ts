/**
 * Drives `anti_dumping_ratio` through the real risk service's HTTP API. The gauge is 100 × dumping lots / lots
 * scored in the window, counting each lot's latest assessment only, so rescoring a lot id at a clean price takes
 * its violation back.
 *
 * The lot is a tender with 1,000,000.00 allocated: the anti-dumping rule flags an award below 90 % of it
 * (services/risk/test/fixtures/sample-lots.json, lots S1 and S2, hand-checked there).
 */
export const DUMPING_PRICE = '850000.00';
export const CLEAN_PRICE = '950000.00';

export interface LotPlan {
  id: string;
  dumping: boolean;
}

export function tenderLot({ id, dumping }: LotPlan): Record<string, unknown> {
  return {
    id,
    customerBin: '900101300017',
    method: 'tender',
    subject: 'other', // said, not assumed: with the subject unknown, 85% is dumping for some subjects only
    finYear: 2026,
    bidWindow: { start: '2026-02-02', end: '2026-02-16' },
    allocatedAmount: '1000000.00',
    participants: 3,
    award: {
      supplierBin: '100000000205',
      date: '2026-02-20',
      price: dumping ? DUMPING_PRICE : CLEAN_PRICE,
      priceIncludesVat: false,
    },
    planPointId: `PP-${id}`,
  };
}

/** `ids('L', 1, 8)` → L1 … L8. */
export const ids = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

/** Lots `clean` at a clean price and `dumping` at a dumping one. */
export const plan = (dumping: string[], clean: string[] = []): LotPlan[] => [
  ...clean.map((id) => ({ id, dumping: false })),
  ...dumping.map((id) => ({ id, dumping: true })),
];

/**
 * Scores the lots in one `POST /risk/batch` (stored in one transaction, so a scrape sees all of them or none) and
 * checks that risk flagged exactly the planned ones as dumping.
 */
export async function scoreLots(riskUrl: string, lots: LotPlan[]): Promise<void> {
  const res = await fetch(`${riskUrl}/risk/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ lots: lots.map(tenderLot) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST /risk/batch → ${res.status}: ${text}`);
  const { results } = JSON.parse(text) as { results: { lotId: string; flags: string[] }[] };
  const flagged = results.filter((r) => r.flags.includes('anti_dumping')).map((r) => r.lotId);
  const planned = lots.filter((l) => l.dumping).map((l) => l.id);
  if (flagged.sort().join() !== planned.sort().join())
    throw new Error(`risk flagged [${flagged.join(', ')}] as dumping, expected [${planned.join(', ')}]`);
}

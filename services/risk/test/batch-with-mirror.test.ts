/**
 * Law 106-VIII Art. 10 pp.4–5 end to end: lots scored together in one batch are judged together with the
 * goszakup mirror's history (a customer's annual volume of a code counts the mirrored lots of that code, by any
 * method, and the batch's own lots), and scoring reads the mirror without writing into it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { D, mciFor } from '@zakupai/domain';
import { requireServer } from '@zakupai/testing/require-server';
import { backendAvailable, freshDatabase, startRisk } from './harness.ts';
import { importSample } from './sample-mirror.ts';

test('Law 106-VIII Art. 10 pp.4–5: a batch is judged with the mirror’s lots of the same customer and code, and the mirror is not written', async (t) => {
  if (!requireServer(t, await backendAvailable('postgres'), 'PostgreSQL')) return;
  const database = await freshDatabase('postgres');
  await importSample(database.db);
  const risk = await startRisk(database);
  try {
    // A customer and code of the mirror, with the annual volume the mirror holds for them (any method).
    const group = await database.db.query<{
      customer_bin: string;
      code: string;
      fin_year: number;
      n: string;
      total: string;
    }>(
      `SELECT l.customer_bin, l.enstru_list[1] AS code, tb.fin_year, count(*)::text AS n, sum(l.amount)::text AS total
       FROM goszakup.lots l JOIN goszakup.trd_buy tb ON tb.id = l.trd_buy_id
       WHERE l.enstru_list[1] IS NOT NULL
       GROUP BY 1, 2, 3 ORDER BY count(*) DESC, 1, 2 LIMIT 1`,
    );
    const g = group.rows[0]!;
    const mirrorTotal = D(g.total);
    const ceiling = mciFor(g.fin_year).times(8000);
    const amounts = [D('1000000.00'), D('2000000.50')];
    const lot = (id: string, amount: string) => ({
      id,
      customerBin: g.customer_bin,
      method: 'price_quotes',
      subject: 'other',
      repeat: false,
      finYear: g.fin_year,
      item: { code: g.code, unit: 'шт', quantity: '1', unitPrice: amount },
      allocatedAmount: amount,
      planPointId: 'PP-BATCH',
    });
    const before = await database.db.query<{ n: string }>('SELECT count(*)::text AS n FROM goszakup.lots');

    const batch = await risk.app.inject({
      method: 'POST',
      url: '/risk/batch',
      payload: { lots: [lot('WHATIF-1', amounts[0]!.toFixed(2)), lot('WHATIF-2', amounts[1]!.toFixed(2))] },
    });
    assert.equal(batch.statusCode, 200, batch.body);
    for (const r of batch.json().results) assert.ok(r.flags.includes('contract_splitting'), r.lotId);
    const explained = await risk.app.inject({ method: 'GET', url: '/risk/explain/WHATIF-1' });
    const split = explained.json().outcomes.find((o: { rule: string }) => o.rule === 'contract_splitting');
    // The annual volume is the mirror's plus both batch lots, each lot counted once.
    assert.equal(split.evidence.total, mirrorTotal.plus(amounts[0]!).plus(amounts[1]!).toFixed(2));
    assert.equal(split.evidence.purchases, Number(g.n) + 2);
    assert.ok(split.evidence.lotIds.includes('WHATIF-2'), 'the batch peer counts');
    assert.ok(mirrorTotal.plus(3000000.5).gt(ceiling), 'above the ceiling');
    assert.equal(split.evidence.breach, 'annual_volume_above_ceiling');
    assert.match(split.explanation.kk, /АЕК/);

    // Read, never written: the mirror holds what it held.
    const afterCount = await database.db.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM goszakup.lots',
    );
    assert.equal(afterCount.rows[0]!.n, before.rows[0]!.n);
    const leaked = await database.db.query(
      "SELECT 1 FROM goszakup.lots WHERE id::text LIKE 'WHATIF%' OR raw::text LIKE '%WHATIF%'",
    );
    assert.equal(leaked.rows.length, 0);
  } finally {
    await risk.close();
  }
});

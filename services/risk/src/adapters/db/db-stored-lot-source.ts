import { D, roundMoney } from '@zakupai/domain';
import type { Db } from '@zakupai/db';
import { unavailable } from '@zakupai/errors';
import type { PurchaseRecord } from '../../domain/context.ts';
import { methodFromTradeName } from '../../domain/trade-method.ts';
import type { PricePoint } from '../../app/risk-repository.ts';
import type { StoredLotFacts, StoredLotPage, StoredLotSource } from '../../app/stored-lot-source.ts';

/** Trade method names: the lot's own `ref_trade_methods_id`, else its announcement's. Never an id in code. */
const METHOD_REF = `LEFT JOIN goszakup.refs tm ON tm.ref_name = 'ref_trade_methods'
  AND tm.id = coalesce(l.ref_trade_methods_id, tb.ref_trade_methods_id)`;

/** The unit of the lot's plan point, as the raw item carries it (GraphQL `Plans { refUnitsCode }`). */
const UNIT = `(SELECT p->>'ref_units_code' FROM jsonb_array_elements(
  CASE WHEN jsonb_typeof(l.raw->'plans') = 'array' THEN l.raw->'plans' ELSE '[]'::jsonb END) p
  WHERE coalesce(p->>'ref_units_code', '') <> '' LIMIT 1)`;

/**
 * When any row a lot is assembled from last changed in the mirror: the lot, its announcement, its contracts, its
 * bids, and the trade-method lists (a name arriving later can make an unknown method known).
 */
const UPDATED_AT = `greatest(l.synced_at,
  (SELECT tb2.synced_at FROM goszakup.trd_buy tb2 WHERE tb2.id = l.trd_buy_id),
  (SELECT max(c.synced_at) FROM goszakup.contracts c WHERE c.lot_id = l.id),
  (SELECT max(b.synced_at) FROM goszakup.bids b WHERE b.lot_id = l.id),
  (SELECT max(r.synced_at) FROM goszakup.refs r
    WHERE r.ref_name IN ('ref_trade_methods', 'ref_type_trade', 'ref_subject_type')))`;

const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
const MIRROR_ID = /^[1-9]\d{0,17}$/;

interface LotFactsRow {
  id: string;
  amount: string;
  count: string | null;
  customer_bin: string | null;
  item_code: string | null;
  has_point_list: boolean;
  point_list: unknown;
  has_plans: boolean;
  plans: unknown;
  construction: boolean;
  psd_sign: number | null;
  method_name: string | null;
  type_trade_name: string | null;
  subject_type_name: string | null;
  fin_year: number | null;
  publish_date: string | null;
  start_date: string | null;
  end_date: string | null;
  repeat_start_date: string | null;
  repeat_end_date: string | null;
  updated_at: Date | string;
}

/**
 * The goszakup mirror (schema `goszakup`, written by etl) read for risk through the Db port. Dates are the
 * portal's naive local times, so they are cut to dates as stored, with no time zone. A database failure becomes
 * an `unavailable` ZakError (503) naming the store, never the SQL.
 */
export class DbStoredLotSource implements StoredLotSource {
  constructor(private readonly db: Db) {}

  async facts(ids: readonly string[]): Promise<StoredLotFacts[]> {
    const wanted = ids.filter((id) => MIRROR_ID.test(id));
    if (wanted.length === 0) return [];
    const [lots, bids, contracts] = await this.guard(() =>
      Promise.all([
        this.db.query<LotFactsRow>(
          `SELECT l.id::text AS id, l.amount::text AS amount, l.count::text AS count,
             coalesce(l.customer_bin, tb.customer_bin) AS customer_bin, l.enstru_list[1] AS item_code,
             l.raw ? 'point_list' AS has_point_list, l.raw->'point_list' AS point_list,
             l.raw ? 'plans' AS has_plans, l.raw->'plans' AS plans,
             coalesce(l.is_construction_work, tb.is_construction_work, 0) = 1 AS construction, l.psd_sign,
             tm.name_ru AS method_name, tt.name_ru AS type_trade_name, st.name_ru AS subject_type_name,
             tb.fin_year,
             ${day('tb.publish_date')} AS publish_date, ${day('tb.start_date')} AS start_date,
             ${day('tb.end_date')} AS end_date, ${day('tb.repeat_start_date')} AS repeat_start_date,
             ${day('tb.repeat_end_date')} AS repeat_end_date, ${UPDATED_AT} AS updated_at
           FROM goszakup.lots l
           LEFT JOIN goszakup.trd_buy tb ON tb.id = l.trd_buy_id
           ${METHOD_REF}
           LEFT JOIN goszakup.refs tt ON tt.ref_name = 'ref_type_trade' AND tt.id = tb.ref_type_trade_id
           LEFT JOIN goszakup.refs st ON st.ref_name = 'ref_subject_type' AND st.id = tb.ref_subject_type_id
           WHERE l.id = ANY($1::bigint[]) ORDER BY l.id`,
          [wanted],
        ),
        this.db.query<{ lot_id: string; supplier_bin_iin: string; price: string }>(
          `SELECT lot_id::text AS lot_id, supplier_bin_iin, price::text AS price FROM goszakup.bids
           WHERE lot_id = ANY($1::bigint[]) ORDER BY lot_id, id`,
          [wanted],
        ),
        this.db.query<{
          lot_id: string;
          supplier_biin: string | null;
          contract_sum_wnds: string | null;
          contract_sum: string | null;
          date: string | null;
          turnover_date: string | null;
          fin_year: number | null;
        }>(
          `SELECT DISTINCT ON (lot_id) lot_id::text AS lot_id, supplier_biin,
             contract_sum_wnds::text AS contract_sum_wnds, contract_sum::text AS contract_sum,
             ${day('coalesce(sign_date, crdate)')} AS date,
             ${day('coalesce(fakt_exec_date, plan_exec_date)')} AS turnover_date, fin_year
           FROM goszakup.contracts WHERE lot_id = ANY($1::bigint[]) AND coalesce(deleted, 0) = 0
           ORDER BY lot_id, coalesce(sign_date, crdate) DESC NULLS LAST, id DESC`,
          [wanted],
        ),
      ]),
    );
    const bidsOf = new Map<string, StoredLotFacts['bids']>();
    for (const b of bids.rows) {
      const list = bidsOf.get(b.lot_id) ?? [];
      list.push({ supplierBin: b.supplier_bin_iin, price: b.price });
      bidsOf.set(b.lot_id, list);
    }
    const contractOf = new Map(contracts.rows.map((c) => [c.lot_id, c]));
    return lots.rows.map((r) => {
      const c = contractOf.get(r.id);
      return {
        id: r.id,
        amount: r.amount,
        count: r.count,
        customerBin: r.customer_bin,
        itemCode: r.item_code,
        pointList: r.has_point_list ? r.point_list : undefined,
        plans: r.has_plans ? r.plans : undefined,
        construction: r.construction,
        psdSign: r.psd_sign,
        methodName: r.method_name,
        typeTradeName: r.type_trade_name,
        subjectTypeName: r.subject_type_name,
        finYear: r.fin_year,
        publishDate: r.publish_date,
        startDate: r.start_date,
        endDate: r.end_date,
        repeatStartDate: r.repeat_start_date,
        repeatEndDate: r.repeat_end_date,
        bids: bidsOf.get(r.id) ?? [],
        contract: c
          ? {
              supplierBin: c.supplier_biin,
              sumWithVat: c.contract_sum_wnds,
              sumWithoutVat: c.contract_sum,
              date: c.date,
              turnoverDate: c.turnover_date,
              finYear: c.fin_year,
            }
          : null,
        updatedAt: dateOf(r.updated_at),
      };
    });
  }

  async ids(page: StoredLotPage): Promise<string[]> {
    const r = await this.guard(() =>
      this.db.query<{ id: string }>(
        `SELECT l.id::text AS id FROM goszakup.lots l
         WHERE ($1::bigint IS NULL OR l.id > $1::bigint)
           AND (NOT $3::boolean OR NOT EXISTS (
             SELECT 1 FROM zakupai.risk_evaluations e
             WHERE e.lot_id = l.id::text AND e.evaluated_at >= ${UPDATED_AT}))
         ORDER BY l.id LIMIT $2`,
        [page.after, page.limit, page.onlyUnscored],
      ),
    );
    return r.rows.map((row) => row.id);
  }

  async purchasesFor(
    customerBins: readonly string[],
    finYears: readonly number[],
  ): Promise<PurchaseRecord[]> {
    if (customerBins.length === 0 || finYears.length === 0) return [];
    const r = await this.guard(() =>
      this.db.query<{
        lot_id: string;
        customer_bin: string;
        item_code: string;
        fin_year: number;
        method_name: string | null;
        amount: string;
      }>(
        `SELECT l.id::text AS lot_id, l.customer_bin, l.enstru_list[1] AS item_code, tb.fin_year,
           tm.name_ru AS method_name, l.amount::text AS amount
         FROM goszakup.lots l JOIN goszakup.trd_buy tb ON tb.id = l.trd_buy_id
         ${METHOD_REF}
         WHERE l.customer_bin = ANY($1::text[]) AND tb.fin_year = ANY($2::int[]) AND l.enstru_list[1] IS NOT NULL`,
        [customerBins, finYears],
      ),
    );
    // Every method counts toward a code's annual volume (Law 106-VIII Art. 10 pp.4-5), an unknown one too.
    return r.rows.map((row) => ({
      lotId: row.lot_id,
      customerBin: row.customer_bin,
      code: row.item_code,
      finYear: row.fin_year,
      method: methodFromTradeName(row.method_name),
      amount: D(row.amount),
    }));
  }

  async pricesFor(codes: readonly string[], limit: number): Promise<PricePoint[]> {
    if (codes.length === 0) return [];
    const r = await this.guard(() =>
      this.db.query<{ lot_id: string; item_code: string; unit: string; amount: string; count: string }>(
        `SELECT lot_id, item_code, unit, amount, count FROM (
           SELECT l.id, l.id::text AS lot_id, l.enstru_list[1] AS item_code, ${UNIT} AS unit,
             l.amount::text AS amount, l.count::text AS count
           FROM goszakup.lots l WHERE l.enstru_list[1] = ANY($1::text[]) AND l.count > 0
         ) x WHERE unit IS NOT NULL ORDER BY id DESC LIMIT $2`,
        [codes, limit],
      ),
    );
    return r.rows.map((row) => ({
      lotId: row.lot_id,
      code: row.item_code,
      unit: row.unit,
      unitPrice: roundMoney(D(row.amount).dividedBy(row.count)),
    }));
  }

  async stamp(): Promise<string> {
    const r = await this.guard(() =>
      this.db.query<{ stamp: string | null }>(
        `SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM goszakup.lots) THEN NULL ELSE concat_ws(':',
           (SELECT count(*) FROM goszakup.lots), (SELECT max(synced_at) FROM goszakup.lots),
           (SELECT count(*) FROM goszakup.contracts), (SELECT max(synced_at) FROM goszakup.contracts),
           (SELECT count(*) FROM goszakup.bids), (SELECT max(synced_at) FROM goszakup.bids),
           (SELECT count(*) FROM goszakup.refs), (SELECT max(synced_at) FROM goszakup.refs)) END AS stamp`,
      ),
    );
    return r.rows[0]?.stamp ?? '';
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      throw unavailable('ZAK_RISK_MIRROR_UNAVAILABLE', 'the goszakup mirror is unavailable', 5, { cause });
    }
  }
}

function dateOf(v: Date | string): Date {
  return v instanceof Date ? v : new Date(v);
}

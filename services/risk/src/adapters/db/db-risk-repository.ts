import { D } from '@zakupai/domain';
import type { Db } from '@zakupai/db';
import { unavailable } from '@zakupai/errors';
import type { AwardRecord, PurchaseRecord, RnuRecord } from '../../domain/context.ts';
import type { LotMethod } from '../../domain/lot.ts';
import type { LotPayload } from '../../app/lot-payload.ts';
import type {
  NewEvaluation,
  PricePoint,
  RiskRepository,
  RuleSet,
  RuleSetBasis,
  SerializedAssessment,
  StoredEvaluation,
  WindowCounts,
} from '../../app/risk-repository.ts';

/** `method` of a lot whose trade method is unknown (the column is NOT NULL); read back as null. */
const UNKNOWN_METHOD = 'unknown';

/** The latest evaluation of each lot among the rows `where` selects (a subquery; `$n` parameters as given). */
const latestPerLot = (columns: string, where: string) =>
  `SELECT DISTINCT ON (lot_id) ${columns} FROM zakupai.risk_evaluations WHERE ${where}
   ORDER BY lot_id, evaluated_at DESC, id DESC`;

interface EvaluationRow {
  id: string;
  lot_id: string;
  lot: LotPayload;
  assessment: SerializedAssessment;
  basis: RuleSetBasis | null;
  request_id: string | null;
  evaluated_at: Date | string;
}

/**
 * `zakupai.risk_evaluations` and the `goszakup` mirror through the Db port (PostgreSQL or PGlite). Dates are read
 * as text, so no time zone shifts them. A database failure becomes an `unavailable` ZakError (503) naming the
 * store, never the SQL or the connection string.
 */
export class DbRiskRepository implements RiskRepository {
  constructor(private readonly db: Db) {}

  async rnuFor(bins: readonly string[]): Promise<RnuRecord[]> {
    const r = await this.guard(() =>
      this.db.query<{
        supplier_biin: string;
        start_date: string | null;
        end_date: string | null;
        observed_on: string;
      }>(
        `SELECT supplier_biin, start_date::date::text AS start_date, end_date::date::text AS end_date,
                (synced_at AT TIME ZONE 'Asia/Almaty')::date::text AS observed_on
         FROM goszakup.rnu WHERE supplier_biin = ANY($1::text[])`,
        [bins],
      ),
    );
    return r.rows.map((row) => ({
      supplierBin: row.supplier_biin,
      startDate: row.start_date,
      endDate: row.end_date,
      observedOn: row.observed_on,
    }));
  }

  async awardsFor(customerBins: readonly string[], since: string): Promise<AwardRecord[]> {
    const r = await this.guard(() =>
      this.db.query<{ lot_id: string; customer_bin: string; supplier_bin: string; date: string }>(
        `SELECT lot_id, customer_bin, supplier_bin, award_date::text AS date
         FROM (${latestPerLot('lot_id, customer_bin, supplier_bin, award_date', 'customer_bin = ANY($1::text[])')}) latest
         WHERE supplier_bin IS NOT NULL AND award_date >= $2::date
         UNION ALL
         SELECT coalesce(lot_id::text, 'contract:' || id::text), customer_bin, supplier_biin, sign_date::date::text
         FROM goszakup.contracts
         WHERE customer_bin = ANY($1::text[]) AND supplier_biin IS NOT NULL AND sign_date >= $2::date
           AND coalesce(deleted, 0) = 0`,
        [customerBins, since],
      ),
    );
    return r.rows.map((row) => ({
      lotId: row.lot_id,
      customerBin: row.customer_bin,
      supplierBin: row.supplier_bin,
      date: row.date,
    }));
  }

  async purchasesFor(
    customerBins: readonly string[],
    finYears: readonly number[],
  ): Promise<PurchaseRecord[]> {
    const r = await this.guard(() =>
      this.db.query<{
        lot_id: string;
        customer_bin: string;
        item_code: string;
        fin_year: number;
        method: LotMethod | typeof UNKNOWN_METHOD;
        allocated_amount: string;
      }>(
        `SELECT lot_id, customer_bin, item_code, fin_year, method, allocated_amount
         FROM (${latestPerLot(
           'lot_id, customer_bin, item_code, fin_year, method, allocated_amount',
           'customer_bin = ANY($1::text[])',
         )}) latest
         WHERE item_code IS NOT NULL AND fin_year = ANY($2::int[])`,
        [customerBins, finYears],
      ),
    );
    // Every method counts toward a code's annual volume (Law 106-VIII Art. 10 pp.4-5), an unknown one too.
    return r.rows.map((row) => ({
      lotId: row.lot_id,
      customerBin: row.customer_bin,
      code: row.item_code,
      finYear: row.fin_year,
      method: row.method === UNKNOWN_METHOD ? null : row.method,
      amount: D(row.allocated_amount),
    }));
  }

  async pricesFor(codes: readonly string[], limit: number): Promise<PricePoint[]> {
    const r = await this.guard(() =>
      this.db.query<{ lot_id: string; item_code: string; item_unit: string; unit_price: string }>(
        `SELECT lot_id, item_code, item_unit, unit_price
         FROM (${latestPerLot('lot_id, item_code, item_unit, unit_price, evaluated_at', 'item_code = ANY($1::text[])')}) latest
         WHERE unit_price IS NOT NULL ORDER BY evaluated_at DESC LIMIT $2`,
        [codes, limit],
      ),
    );
    return r.rows.map((row) => ({
      lotId: row.lot_id,
      code: row.item_code,
      unit: row.item_unit,
      unitPrice: D(row.unit_price),
    }));
  }

  async saveAll(evaluations: readonly NewEvaluation[], ruleSet: RuleSet): Promise<StoredEvaluation[]> {
    if (evaluations.length === 0) return [];
    const records = evaluations.map(({ lot, assessment, antiDumping, requestId }) => ({
      lot_id: lot.id,
      customer_bin: lot.customerBin,
      supplier_bin: lot.award?.supplierBin ?? null,
      award_date: lot.award?.date ?? null,
      method: lot.method ?? UNKNOWN_METHOD,
      fin_year: lot.finYear,
      item_code: lot.item?.code ?? null,
      item_unit: lot.item?.unit ?? null,
      unit_price: lot.item?.unitPrice ?? null,
      allocated_amount: lot.allocatedAmount,
      rules_version: assessment.rulesVersion,
      as_of: assessment.asOf,
      score: assessment.score,
      level: assessment.level,
      flags: assessment.flags,
      anti_dumping: antiDumping,
      lot,
      assessment,
      request_id: requestId,
    }));
    // One statement for the whole batch and its rule set: all rows are stored, or none.
    const r = await this.guard(() =>
      this.db.query<{ id: string; lot_id: string; evaluated_at: Date | string }>(
        `WITH rule_set AS (
           INSERT INTO zakupai.risk_rule_sets (version, basis) VALUES ($2, $3::jsonb) ON CONFLICT (version) DO NOTHING
         )
         INSERT INTO zakupai.risk_evaluations (lot_id, customer_bin, supplier_bin, award_date, method, fin_year,
           item_code, item_unit, unit_price, allocated_amount, rules_version, as_of, score, level, flags,
           anti_dumping, lot, assessment, request_id)
         SELECT lot_id, customer_bin, supplier_bin, award_date, method, fin_year, item_code, item_unit, unit_price,
           allocated_amount, rules_version, as_of, score, level,
           ARRAY(SELECT jsonb_array_elements_text(flags)), anti_dumping, lot, assessment, request_id
         FROM jsonb_to_recordset($1::jsonb) AS x(lot_id text, customer_bin text, supplier_bin text, award_date date,
           method text, fin_year integer, item_code text, item_unit text, unit_price numeric,
           allocated_amount numeric, rules_version text, as_of date, score smallint, level text, flags jsonb,
           anti_dumping boolean, lot jsonb, assessment jsonb, request_id text)
         RETURNING id, lot_id, evaluated_at`,
        [JSON.stringify(records), ruleSet.version, JSON.stringify(ruleSet.basis)],
      ),
    );
    const byLot = new Map(r.rows.map((row) => [row.lot_id, row]));
    return evaluations.map((e) => {
      const row = byLot.get(e.lot.id)!;
      return {
        id: String(row.id),
        lotId: e.lot.id,
        lot: e.lot,
        assessment: e.assessment,
        basis: ruleSet.basis,
        requestId: e.requestId,
        evaluatedAt: dateOf(row.evaluated_at),
      };
    });
  }

  async latest(lotId: string): Promise<StoredEvaluation | null> {
    const r = await this.guard(() =>
      this.db.query<EvaluationRow>(
        `SELECT e.id, e.lot_id, e.lot, e.assessment, s.basis, e.request_id, e.evaluated_at
         FROM zakupai.risk_evaluations e LEFT JOIN zakupai.risk_rule_sets s ON s.version = e.rules_version
         WHERE e.lot_id = $1 ORDER BY e.evaluated_at DESC, e.id DESC LIMIT 1`,
        [lotId],
      ),
    );
    const row = r.rows[0];
    if (!row) return null;
    return {
      id: String(row.id),
      lotId: row.lot_id,
      lot: row.lot,
      assessment: row.assessment,
      basis: row.basis ?? {},
      requestId: row.request_id,
      evaluatedAt: dateOf(row.evaluated_at),
    };
  }

  async antiDumpingWindow(seconds: number): Promise<WindowCounts> {
    const r = await this.guard(() =>
      this.db.query<{ lots: number; violations: number }>(
        `SELECT count(*)::int AS lots, (count(*) FILTER (WHERE anti_dumping))::int AS violations
         FROM (${latestPerLot('lot_id, anti_dumping', 'evaluated_at > now() - make_interval(secs => $1)')}) latest`,
        [seconds],
      ),
    );
    const row = r.rows[0];
    return { lots: Number(row?.lots ?? 0), violations: Number(row?.violations ?? 0) };
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      throw unavailable('ZAK_RISK_STORE_UNAVAILABLE', 'the risk store is unavailable', 5, { cause });
    }
  }
}

function dateOf(v: Date | string): Date {
  return v instanceof Date ? v : new Date(v);
}

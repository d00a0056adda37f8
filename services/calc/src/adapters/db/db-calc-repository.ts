import type { Db } from '@zakupai/db';
import { unavailable } from '@zakupai/errors';
import type { CalcRepository } from '../../app/calc-repository.ts';
import type { CalcKind, Calculation, Json, StoredCalculation } from '../../domain/calculation.ts';

interface Row {
  id: string;
  kind: CalcKind;
  inputs: Record<string, Json>;
  outputs: Record<string, Json>;
  request_id: string;
  created_at: Date | string;
}

const COLUMNS = 'id, kind, inputs, outputs, request_id, created_at';

/**
 * `zakupai.finance_calcs` through the Db port (PostgreSQL or PGlite). A database failure becomes an `unavailable`
 * ZakError (503) that names the store, never the SQL or the connection string.
 */
export class DbCalcRepository implements CalcRepository {
  constructor(private readonly db: Db) {}

  async save(calc: Calculation): Promise<StoredCalculation> {
    const r = await this.guard(() =>
      this.db.query<Row>(
        `INSERT INTO zakupai.finance_calcs (kind, inputs, outputs, request_id, created_at)
         VALUES ($1, $2::jsonb, $3::jsonb, $4, $5) RETURNING ${COLUMNS}`,
        [
          calc.kind,
          JSON.stringify(calc.inputs),
          JSON.stringify(calc.outputs),
          calc.requestId,
          calc.createdAt.toISOString(),
        ],
      ),
    );
    return toStored(r.rows[0]!);
  }

  async recent(limit: number): Promise<StoredCalculation[]> {
    const r = await this.guard(() =>
      this.db.query<Row>(
        `SELECT ${COLUMNS} FROM zakupai.finance_calcs ORDER BY created_at DESC, id DESC LIMIT $1`,
        [limit],
      ),
    );
    return r.rows.map(toStored);
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      throw unavailable('ZAK_CALC_STORE_UNAVAILABLE', 'the calculation store is unavailable', 5, { cause });
    }
  }
}

function toStored(row: Row): StoredCalculation {
  return {
    id: String(row.id),
    kind: row.kind,
    inputs: row.inputs,
    outputs: row.outputs,
    requestId: row.request_id,
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
  };
}

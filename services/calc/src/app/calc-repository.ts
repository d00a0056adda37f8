import type { Calculation, StoredCalculation } from '../domain/calculation.ts';

/**
 * Where calculations are kept. A save either stores the whole record or throws; callers answer the request only
 * after it resolves, so a rejected or failed calculation leaves nothing behind.
 */
export interface CalcRepository {
  save(calc: Calculation): Promise<StoredCalculation>;
  /** The most recent first, at most `limit`. */
  recent(limit: number): Promise<StoredCalculation[]>;
}

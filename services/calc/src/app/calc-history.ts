import { validationError } from '@zakupai/errors';
import type { CalcKind, Json, StoredCalculation } from '../domain/calculation.ts';
import type { CalcRepository } from './calc-repository.ts';

export const HISTORY_DEFAULT_LIMIT = 20;
export const HISTORY_MAX_LIMIT = 100;

export type HistoryItem = {
  id: string;
  kind: CalcKind;
  inputs: Record<string, Json>;
  outputs: Record<string, Json>;
  request_id: string;
  created_at: string;
};

/** GET /calc/history: the most recent calculations first. */
export async function calcHistory(
  repo: CalcRepository,
  limit: number = HISTORY_DEFAULT_LIMIT,
): Promise<{ items: HistoryItem[] }> {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > HISTORY_MAX_LIMIT) {
    throw validationError('limit', `limit must be a whole number from 1 to ${HISTORY_MAX_LIMIT}`);
  }
  const rows = await repo.recent(limit);
  return { items: rows.map(present) };
}

function present(c: StoredCalculation): HistoryItem {
  return {
    id: c.id,
    kind: c.kind,
    inputs: c.inputs,
    outputs: c.outputs,
    request_id: c.requestId,
    created_at: c.createdAt.toISOString(),
  };
}

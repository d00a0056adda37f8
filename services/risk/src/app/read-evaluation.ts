import { notFound, validationError } from '@zakupai/errors';
import { LOT_ID } from '../domain/parse-lot.ts';
import type { RiskRepository, StoredEvaluation } from './risk-repository.ts';

/** The latest stored evaluation of a lot; 400 for a malformed id, 404 (naming `params.id`) for an unknown one. */
export async function readEvaluation(repo: RiskRepository, id: unknown): Promise<StoredEvaluation> {
  if (typeof id !== 'string' || !LOT_ID.test(id)) {
    throw validationError('params.id', 'params.id must be a lot id of 1-64 letters, digits, . _ : -');
  }
  const found = await repo.latest(id);
  if (!found) throw notFound('ZAK_LOT_NOT_FOUND', `no scored lot with id ${id}`, { field: 'params.id' });
  return found;
}

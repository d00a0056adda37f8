import { notFound, validationError, ZakError } from '@zakupai/errors';
import { LOT_ID } from '../domain/parse-lot.ts';
import { RISK_LEVELS, type RiskLevel } from '../domain/outcome.ts';
import { assembleStoredLot } from './assemble-stored-lot.ts';
import type { StoredEvaluation } from './risk-repository.ts';
import { MAX_BATCH, scoreInputs, type ScoreDeps } from './score-lots.ts';
import type { StoredLotSource } from './stored-lot-source.ts';

export interface StoredScoreDeps extends ScoreDeps {
  source: StoredLotSource;
}

/** Goszakup lot ids are positive integers (bigint in the mirror). */
const MIRROR_ID = /^[1-9]\d{0,17}$/;

/**
 * The latest evaluation of a lot for `GET /risk/lots/:id` and `/risk/explain/:id`. A lot of the goszakup mirror
 * with no evaluation, or changed in the mirror since its latest one, is scored from the mirror first (and
 * stored). 400 for a malformed id; 404 naming `params.id` only when the id is neither evaluated nor mirrored.
 */
export async function readOrScoreStored(
  deps: StoredScoreDeps,
  id: unknown,
  requestId: string | null,
): Promise<StoredEvaluation> {
  if (typeof id !== 'string' || !LOT_ID.test(id)) {
    throw validationError('params.id', 'params.id must be a lot id of 1-64 letters, digits, . _ : -');
  }
  const [latest, facts] = await Promise.all([
    deps.repo.latest(id),
    MIRROR_ID.test(id) ? deps.source.facts([id]) : Promise.resolve([]),
  ]);
  const stored = facts[0];
  if (stored && (!latest || latest.evaluatedAt < stored.updatedAt)) {
    const assembled = assembleStoredLot(stored);
    if (assembled.ok) {
      const [fresh] = await scoreInputs([assembled.input], deps, requestId, deps.source);
      return fresh!;
    }
    if (!latest) {
      throw new ZakError(
        'ZAK_LOT_NOT_SCORABLE',
        'conflict',
        `stored lot ${id} cannot be scored: ${assembled.reason}`,
        { field: 'params.id' },
      );
    }
  }
  if (!latest)
    throw notFound('ZAK_LOT_NOT_FOUND', `no scored or stored lot with id ${id}`, { field: 'params.id' });
  return latest;
}

export const MAX_RESCORE = 10_000;
/** Lots read, assembled and scored at a time: memory stays bounded whatever the size of the mirror. */
export const RESCORE_PAGE = 500;

export interface RescoreOptions {
  /** The most lots to look at in this call (1–10,000 over HTTP). */
  limit: number;
  /** Skip lots whose latest evaluation is at least as new as their mirror rows. */
  onlyUnscored: boolean;
  signal?: AbortSignal;
}

export interface RescoreResult {
  /** Mirror lots looked at. */
  examined: number;
  scored: number;
  /** Scored lots flagged for anti-dumping. */
  antiDumping: number;
  levels: Record<RiskLevel, number>;
  /** Lots that cannot be scored (no customer BIN, no financial year), with the reason; the first 20. */
  skipped: number;
  skippedSample: Array<{ id: string; reason: string }>;
  /** True when `limit` stopped the run before the end of the mirror. */
  more: boolean;
}

/**
 * `POST /risk/rescore`: scores mirror lots in id order, a page at a time, each page against stored history, the
 * mirror and itself, and stores each page's evaluations in one transaction (so the metrics move as with any
 * scoring). Pages are keyed by id, so lots scored by an earlier page are not met again.
 */
export async function rescoreStored(
  deps: StoredScoreDeps,
  options: RescoreOptions,
  requestId: string | null,
): Promise<RescoreResult> {
  const result: RescoreResult = {
    examined: 0,
    scored: 0,
    antiDumping: 0,
    levels: Object.fromEntries(RISK_LEVELS.map((l) => [l, 0])) as Record<RiskLevel, number>,
    skipped: 0,
    skippedSample: [],
    more: false,
  };
  let after: string | null = null;
  const pageSize = Math.min(RESCORE_PAGE, MAX_BATCH);
  for (;;) {
    options.signal?.throwIfAborted();
    const want = Math.min(pageSize, options.limit - result.examined);
    if (want <= 0) {
      result.more =
        (await deps.source.ids({ after, limit: 1, onlyUnscored: options.onlyUnscored })).length > 0;
      return result;
    }
    const ids = await deps.source.ids({ after, limit: want, onlyUnscored: options.onlyUnscored });
    if (ids.length === 0) return result;
    after = ids[ids.length - 1]!;
    result.examined += ids.length;
    const inputs = [];
    for (const facts of await deps.source.facts(ids)) {
      const assembled = assembleStoredLot(facts);
      if (assembled.ok) {
        inputs.push(assembled.input);
        continue;
      }
      result.skipped += 1;
      if (result.skippedSample.length < 20)
        result.skippedSample.push({ id: assembled.id, reason: assembled.reason });
    }
    for (const e of await scoreInputs(inputs, deps, requestId, deps.source)) {
      result.scored += 1;
      result.levels[e.assessment.level] += 1;
      if (e.assessment.flags.includes('anti_dumping')) result.antiDumping += 1;
    }
    if (ids.length < want) return result;
  }
}

/** Reads the `POST /risk/rescore` body: optional `{limit: 1–10000 (default 10000), only_unscored (default true)}`. */
export function parseRescoreBody(body: unknown): Pick<RescoreOptions, 'limit' | 'onlyUnscored'> {
  if (body === undefined || body === null || body === '') return { limit: MAX_RESCORE, onlyUnscored: true };
  if (typeof body !== 'object' || Array.isArray(body))
    throw validationError('body', 'body must be an object');
  const o = body as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== 'limit' && key !== 'only_unscored') {
      throw validationError(`body.${key}`, `body.${key} is not an allowed property`);
    }
  }
  const { limit = MAX_RESCORE, only_unscored: onlyUnscored = true } = o;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_RESCORE) {
    throw validationError('body.limit', `body.limit must be an integer from 1 to ${MAX_RESCORE}`);
  }
  if (typeof onlyUnscored !== 'boolean') {
    throw validationError('body.only_unscored', 'body.only_unscored must be true or false');
  }
  return { limit, onlyUnscored };
}

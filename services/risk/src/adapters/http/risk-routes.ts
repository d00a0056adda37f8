import type { App } from '@zakupai/kit';
import { lookupRnu } from '../../app/lookup-rnu.ts';
import { explanationOf, storedLotOf, summaryOf } from '../../app/present-evaluation.ts';
import type { RiskRepository } from '../../app/risk-repository.ts';
import { scoreLots, type ScoreDeps } from '../../app/score-lots.ts';
import {
  parseRescoreBody,
  readOrScoreStored,
  type RescoreOptions,
  type RescoreResult,
  type StoredScoreDeps,
} from '../../app/score-stored.ts';
import type { StoredLotSource } from '../../app/stored-lot-source.ts';
import type { RiskMetrics } from '../metrics/risk-metrics.ts';
import {
  BatchBody,
  BatchResponse,
  BinParams,
  ExplanationResponse,
  LotBody,
  LotParams,
  RnuQuery,
  RescoreResponse,
  RnuResponse,
  StoredLotResponse,
} from './risk-schemas.ts';

export interface RiskRouteDeps {
  repo: RiskRepository;
  /** The goszakup mirror: stored lots are scored from it on first read, and by POST /risk/rescore. */
  source: StoredLotSource;
  rules: ScoreDeps['rules'];
  metrics: RiskMetrics;
  now: () => Date;
  /** Runs a rescore of stored lots, one at a time in this process (shared with the background job). */
  rescore: (options: RescoreOptions, requestId: string | null) => Promise<RescoreResult>;
}

/**
 * POST /risk/score, POST /risk/batch, POST /risk/rescore, GET /risk/lots/:id, GET /risk/explain/:id and
 * GET /rnu/:bin.
 */
export function registerRiskRoutes(app: App, deps: RiskRouteDeps): void {
  const scoring: StoredScoreDeps = {
    repo: deps.repo,
    source: deps.source,
    rules: deps.rules,
    now: deps.now,
    onAssessed: (a) => deps.metrics.onAssessed(a),
  };
  const tags = ['risk'];

  app.post(
    '/risk/score',
    {
      schema: {
        tags,
        summary: 'Score one lot; the answer explains every rule',
        body: LotBody,
        response: { 200: ExplanationResponse },
      },
    },
    async (req) => {
      const [stored] = await scoreLots([req.body], () => 'body', scoring, req.id);
      return explanationOf(stored!);
    },
  );
  app.post(
    '/risk/batch',
    {
      schema: {
        tags,
        summary: 'Score up to 1,000 lots, each against stored history and the others',
        body: BatchBody,
        response: { 200: BatchResponse },
      },
    },
    async (req) => {
      const stored = await scoreLots(req.body.lots, (i) => `body.lots.${i}`, scoring, req.id);
      return { count: stored.length, results: stored.map(summaryOf) };
    },
  );
  app.post(
    '/risk/rescore',
    {
      schema: {
        tags,
        summary: 'Score the lots of the goszakup mirror, a page at a time',
        description:
          'Optional JSON body {"limit": 1-10000 (default 10000), "only_unscored": true|false (default true)}. ' +
          'Lots are taken in id order; only_unscored skips lots not changed since their latest evaluation.',
        response: { 200: RescoreResponse },
      },
    },
    async (req) => deps.rescore(parseRescoreBody(req.body), req.id),
  );
  app.get(
    '/risk/lots/:id',
    {
      schema: {
        tags,
        summary: 'A lot with its latest score; a goszakup lot not scored since it changed is scored first',
        params: LotParams,
        response: { 200: StoredLotResponse },
      },
    },
    async (req) => storedLotOf(await readOrScoreStored(scoring, req.params.id, req.id)),
  );
  app.get(
    '/risk/explain/:id',
    {
      schema: {
        tags,
        summary: 'The latest score of a lot: flags, evidence, thresholds, legal basis',
        params: LotParams,
        response: { 200: ExplanationResponse },
      },
    },
    async (req) => explanationOf(await readOrScoreStored(scoring, req.params.id, req.id)),
  );
  app.get(
    '/rnu/:bin',
    {
      schema: {
        tags: ['rnu'],
        summary: 'Is a supplier in the register of unscrupulous participants?',
        params: BinParams,
        querystring: RnuQuery,
        response: { 200: RnuResponse },
      },
    },
    async (req) =>
      lookupRnu(req.params.bin, req.query.asOf, {
        repo: deps.repo,
        now: deps.now,
        onResult: (r) => deps.metrics.onRnuResult(r),
      }),
  );
}

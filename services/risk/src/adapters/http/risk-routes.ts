import type { App } from '@zakupai/kit';
import { lookupRnu } from '../../app/lookup-rnu.ts';
import { explanationOf, storedLotOf, summaryOf } from '../../app/present-evaluation.ts';
import { readEvaluation } from '../../app/read-evaluation.ts';
import type { RiskRepository } from '../../app/risk-repository.ts';
import { scoreLots, type ScoreDeps } from '../../app/score-lots.ts';
import type { RiskMetrics } from '../metrics/risk-metrics.ts';
import { BatchBody, BinParams, LotBody, LotParams, RnuQuery } from './risk-schemas.ts';

export interface RiskRouteDeps {
  repo: RiskRepository;
  rules: ScoreDeps['rules'];
  metrics: RiskMetrics;
  now: () => Date;
}

/** POST /risk/score, POST /risk/batch, GET /risk/lots/:id, GET /risk/explain/:id and GET /rnu/:bin. */
export function registerRiskRoutes(app: App, deps: RiskRouteDeps): void {
  const scoring: ScoreDeps = {
    repo: deps.repo,
    rules: deps.rules,
    now: deps.now,
    onAssessed: (a) => deps.metrics.onAssessed(a),
  };
  const tags = ['risk'];

  app.post(
    '/risk/score',
    { schema: { tags, summary: 'Score one lot; the answer explains every rule', body: LotBody } },
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
      },
    },
    async (req) => {
      const stored = await scoreLots(req.body.lots, (i) => `body.lots.${i}`, scoring, req.id);
      return { count: stored.length, results: stored.map(summaryOf) };
    },
  );
  app.get(
    '/risk/lots/:id',
    { schema: { tags, summary: 'A stored lot with its latest score', params: LotParams } },
    async (req) => storedLotOf(await readEvaluation(deps.repo, req.params.id)),
  );
  app.get(
    '/risk/explain/:id',
    {
      schema: {
        tags,
        summary: 'The latest score of a lot: flags, evidence, thresholds, legal basis',
        params: LotParams,
      },
    },
    async (req) => explanationOf(await readEvaluation(deps.repo, req.params.id)),
  );
  app.get(
    '/rnu/:bin',
    {
      schema: {
        tags: ['rnu'],
        summary: 'Is a supplier in the register of unscrupulous participants?',
        params: BinParams,
        querystring: RnuQuery,
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

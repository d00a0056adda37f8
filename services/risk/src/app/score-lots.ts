import { almatyDate } from '@zakupai/domain';
import { validationError } from '@zakupai/errors';
import type { RuleFiles } from '../config/rule-files.ts';
import { addDays } from '../domain/dates.ts';
import { evaluateLot } from '../domain/evaluate-lot.ts';
import type { Assessment } from '../domain/outcome.ts';
import { parseLotInput, type LotInput } from '../domain/parse-lot.ts';
import { buildContexts } from './build-contexts.ts';
import { payloadOf } from './lot-payload.ts';
import type { PurchaseRecord } from '../domain/context.ts';
import type { PricePoint, RiskRepository, StoredEvaluation } from './risk-repository.ts';
import { ruleSetOf, serializeAssessment } from './serialize-assessment.ts';

/** The most lots one batch may carry. */
export const MAX_BATCH = 1000;
/** The most stored unit prices read for market samples per batch. */
const PRICE_SAMPLE_LIMIT = 5000;

export interface ScoreDeps {
  repo: RiskRepository;
  rules: RuleFiles;
  now: () => Date;
  /** Called for each stored assessment, after the batch is committed (metrics). */
  onAssessed: (assessment: Assessment) => void;
}

/**
 * Scores lot payloads against stored history, the goszakup mirror's history (`deps.source`, when given; read, never
 * written) and each other, and stores every assessment in one transaction. All payloads are validated first: one
 * bad lot rejects the batch, naming its field, and nothing is stored.
 */
export async function scoreLots(
  raw: readonly unknown[],
  at: (index: number) => string,
  deps: ScoreDeps & { source?: ExtraHistory },
  requestId: string | null,
): Promise<StoredEvaluation[]> {
  if (raw.length > MAX_BATCH) {
    throw validationError('body.lots', `body.lots must hold at most ${MAX_BATCH} lots`);
  }
  const inputs = raw.map((r, i) => parseLotInput(r, at(i)));
  refuseDuplicateIds(inputs, at);
  return scoreInputs(inputs, deps, requestId, deps.source);
}

/** More history, besides stored evaluations: the goszakup mirror, when scoring lots assembled from it. */
export interface ExtraHistory {
  purchasesFor(customerBins: readonly string[], finYears: readonly number[]): Promise<PurchaseRecord[]>;
  pricesFor(codes: readonly string[], limit: number): Promise<PricePoint[]>;
}

/**
 * Scores valid lots with distinct ids against stored history (plus `extra`) and each other, and stores every
 * assessment in one transaction.
 */
export async function scoreInputs(
  inputs: readonly LotInput[],
  deps: ScoreDeps,
  requestId: string | null,
  extra?: ExtraHistory,
): Promise<StoredEvaluation[]> {
  if (inputs.length === 0) return [];
  const asOf = almatyDate(deps.now());
  const customers = unique(inputs.map((i) => i.lot.customerBin));
  const suppliers = unique(inputs.flatMap((i) => (i.lot.award ? [i.lot.award.supplierBin] : [])));
  const years = unique(inputs.map((i) => i.lot.finYear));
  const codes = unique(inputs.flatMap((i) => (i.lot.item && !i.marketUnitPrices ? [i.lot.item.code] : [])));
  const awardDates = inputs.flatMap((i) => (i.lot.award ? [i.lot.award.date] : []));
  const since = addDays(
    awardDates.reduce((min, d) => (d < min ? d : min), asOf),
    -deps.rules.rules.rules.repeated_winner.windowDays,
  );

  const [rnu, awards, purchases, prices, extraPurchases, extraPrices] = await Promise.all([
    suppliers.length ? deps.repo.rnuFor(suppliers) : [],
    deps.repo.awardsFor(customers, since),
    deps.repo.purchasesFor(customers, years),
    codes.length ? deps.repo.pricesFor(codes, PRICE_SAMPLE_LIMIT) : [],
    extra ? extra.purchasesFor(customers, years) : [],
    extra && codes.length ? extra.pricesFor(codes, PRICE_SAMPLE_LIMIT) : [],
  ]);
  const history = {
    rnu,
    awards,
    purchases: [...purchases, ...extraPurchases],
    prices: [...prices, ...extraPrices],
  };
  const contexts = buildContexts(inputs, history, asOf, deps.rules.calendar);
  const assessments = inputs.map((input, i) => evaluateLot(input.lot, contexts[i]!, deps.rules.rules));
  const stored = await deps.repo.saveAll(
    inputs.map((input, i) => ({
      lot: payloadOf(input),
      assessment: serializeAssessment(assessments[i]!),
      antiDumping: assessments[i]!.flags.includes('anti_dumping'),
      requestId,
    })),
    ruleSetOf(deps.rules.rules),
  );
  assessments.forEach((a) => deps.onAssessed(a));
  return stored;
}

function refuseDuplicateIds(inputs: readonly LotInput[], at: (index: number) => string): void {
  const seen = new Set<string>();
  inputs.forEach(({ lot }, i) => {
    if (seen.has(lot.id))
      throw validationError(`${at(i)}.id`, `${at(i)}.id repeats lot ${lot.id} in the batch`);
    seen.add(lot.id);
  });
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

import type { StoredEvaluation } from './risk-repository.ts';

/** The summary every read shows: which lot, which evaluation, the score and the flags. */
export function summaryOf(e: StoredEvaluation) {
  const a = e.assessment;
  return {
    lotId: e.lotId,
    evaluationId: e.id,
    evaluatedAt: e.evaluatedAt.toISOString(),
    rulesVersion: a.rulesVersion,
    asOf: a.asOf,
    score: a.score,
    level: a.level,
    flags: a.flags,
  };
}

/**
 * The explained score: every rule's outcome with its evidence, threshold, legal basis and, for a flag, its
 * explanation in Russian, Kazakh and English. Evaluations stored before explanations existed show null.
 */
export function explanationOf(e: StoredEvaluation) {
  return {
    ...summaryOf(e),
    outcomes: e.assessment.outcomes.map((o) => ({
      ...o,
      explanation: o.explanation ?? null,
      basis: e.basis[o.rule] ?? null,
    })),
  };
}

/** The stored lot with its latest score. */
export function storedLotOf(e: StoredEvaluation) {
  return { ...summaryOf(e), lot: e.lot };
}

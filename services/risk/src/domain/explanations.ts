import type { Explain, RuleId, Texts } from './outcome.ts';

/**
 * Every flag a rule can raise, by key, with the figures its explanation may quote. `rules.yaml` carries one text
 * per key in Russian, Kazakh and English, and may use only these `{placeholders}`; a rule names its key through
 * `explain`, so a key missing from the file, or a placeholder the rule does not fill, is caught when the file is
 * read, not when a lot is scored.
 */
export const EXPLANATION_PARAMS = {
  short_tender_period: {
    short: ['workingDays', 'minimum', 'start', 'end'],
    short_before_rules_687: ['workingDays', 'minimum', 'start', 'end'],
  },
  price_above_market: { above_market: ['unitPrice', 'median', 'factor', 'ratio'] },
  anti_dumping: {
    dumping_allowed: ['netPrice', 'minPrice', 'antiDumpingSum', 'thresholdPct'],
    dumping_forbidden: ['netPrice', 'minPrice', 'thresholdPct'],
  },
  supplier_in_rnu: { listed: ['supplierBin', 'date'] },
  single_participant: { single_bid: ['method'], single_source: [] },
  failed_procurement: { no_bids: ['method'], no_bids_repeat: ['method'] },
  repeated_winner: { repeated_winner: ['wins', 'lots', 'windowDays', 'share'] },
  contract_splitting: {
    single_purchase_above_ceiling: ['amount', 'ceiling', 'ceilingMci', 'method'],
    annual_volume_above_ceiling: ['purchases', 'code', 'total', 'ceiling', 'ceilingMci', 'method'],
  },
  missing_plan_link: { no_plan_link: [] },
} as const satisfies { [R in RuleId]: Record<string, readonly string[]> };

type Params<R extends RuleId> = (typeof EXPLANATION_PARAMS)[R];
export type ExplanationKey<R extends RuleId> = keyof Params<R> & string;
type ParamName<R extends RuleId, K extends ExplanationKey<R>> = Params<R>[K] extends readonly (infer P)[]
  ? P & string
  : never;

/** The explanation of a flag of rule `_rule`: its key and exactly the figures its texts may quote. */
export function explain<R extends RuleId, K extends ExplanationKey<R>>(
  _rule: R,
  key: K,
  params: Record<ParamName<R, K>, string | number>,
): Explain {
  return { key, params };
}

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** The `{names}` a text uses. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Fills a text's `{placeholders}` from `params` (validated against the rule's list when the file is read). */
export function render(texts: Texts, params: Explain['params']): Texts {
  const fill = (t: string) =>
    t.replace(PLACEHOLDER, (_, name: string) => String(params[name] ?? `{${name}}`));
  return { ru: fill(texts.ru), kk: fill(texts.kk), en: fill(texts.en) };
}

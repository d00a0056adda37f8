import { PROCUREMENT_METHODS } from '@zakupai/domain';
import { isIsoDate } from './dates.ts';
import { EXPLANATION_PARAMS, placeholdersOf } from './explanations.ts';
import { LOT_METHODS, type LotMethod } from './lot.ts';
import { RULE_IDS, type LegalBasis, type RuleId, type Texts } from './outcome.ts';
import type { RuleCommon, RulesConfig } from './rules-config.ts';
import { YamlReader, type YamlPath } from './yaml-reader.ts';

export const RULES_ERROR = 'ZAK_CONFIG_RULES';

const RULE_KEYS: Record<RuleId, readonly string[]> = {
  short_tender_period: ['minimum_working_days', 'repeat_minimum_working_days', 'floor'],
  price_above_market: ['factor', 'full_at_ratio', 'min_sample', 'floor'],
  anti_dumping: ['allowed_severity'],
  supplier_in_rnu: [],
  single_participant: ['competitive_methods', 'single_source_severity'],
  failed_procurement: ['competitive_methods'],
  repeated_winner: ['window_days', 'min_lots', 'share', 'floor'],
  contract_splitting: ['ceilings_mci', 'floor'],
  missing_plan_link: [],
};

/**
 * Reads and validates the rules file. Every rule must be present, with only its known keys; weights are whole
 * points 0–100; ratios lie in their ranges; the legal basis and every flag's explanation are given in Russian,
 * Kazakh and English, and an explanation uses only the figures its rule fills in. Any fault throws a `config`
 * ZakError naming the line and the path.
 */
export function parseRules(text: string, file = 'rules.yaml'): RulesConfig {
  const r: YamlReader = YamlReader.parse(text, file, RULES_ERROR);
  r.onlyKeys([], ['version', 'law_in_force_from', 'levels', 'rules']);
  const version = r.string(['version']);
  const lawInForceFrom = r.string(['law_in_force_from']);
  if (!isIsoDate(lawInForceFrom)) r.fail(['law_in_force_from'], 'must be a real date written YYYY-MM-DD');
  r.onlyKeys(['levels'], ['medium', 'high']);
  const medium = r.integer(['levels', 'medium'], 1, 100);
  const high = r.integer(['levels', 'high'], 1, 100);
  if (high <= medium) r.fail(['levels', 'high'], `must be above levels.medium (${medium})`);

  r.onlyKeys(['rules'], RULE_IDS);
  const common = (id: RuleId): RuleCommon => {
    const base = ['rules', id];
    r.onlyKeys(base, ['weight', 'basis', 'explanations', ...RULE_KEYS[id]]);
    return {
      weight: r.integer([...base, 'weight'], 0, 100),
      basis: textsAt(r, [...base, 'basis']),
      explanations: explanationsAt(r, id),
    };
  };
  const floor = (id: RuleId) => r.decimal(['rules', id, 'floor'], 0, 1);
  const at = (id: RuleId, key: string): YamlPath => ['rules', id, key];

  const stp = common('short_tender_period');
  const pam = common('price_above_market');
  const factor = r.decimal(at('price_above_market', 'factor'), 1, 100);
  const fullAtRatio = r.decimal(at('price_above_market', 'full_at_ratio'), 1, 1000);
  if (fullAtRatio.lte(factor))
    r.fail(at('price_above_market', 'full_at_ratio'), `must be above factor (${factor})`);
  const spl = common('contract_splitting');
  const ceilingsMci = methodMap(
    r,
    at('contract_splitting', 'ceilings_mci'),
    PROCUREMENT_METHODS,
    1,
    1_000_000,
  );

  return {
    version,
    lawInForceFrom,
    levels: { medium, high },
    rules: {
      short_tender_period: {
        ...stp,
        lawInForceFrom,
        floor: floor('short_tender_period'),
        minimumWorkingDays: methodMap(
          r,
          at('short_tender_period', 'minimum_working_days'),
          LOT_METHODS,
          1,
          60,
        ),
        repeatMinimumWorkingDays: r.integer(at('short_tender_period', 'repeat_minimum_working_days'), 1, 60),
      },
      price_above_market: {
        ...pam,
        floor: floor('price_above_market'),
        factor,
        fullAtRatio,
        minSample: r.integer(at('price_above_market', 'min_sample'), 1, 10_000),
      },
      anti_dumping: {
        ...common('anti_dumping'),
        lawInForceFrom,
        allowedSeverity: r.decimal(at('anti_dumping', 'allowed_severity'), 0, 1),
      },
      supplier_in_rnu: common('supplier_in_rnu'),
      single_participant: {
        ...common('single_participant'),
        competitiveMethods: methodList(r, at('single_participant', 'competitive_methods')),
        singleSourceSeverity: r.decimal(at('single_participant', 'single_source_severity'), 0, 1),
      },
      failed_procurement: {
        ...common('failed_procurement'),
        competitiveMethods: methodList(r, at('failed_procurement', 'competitive_methods')),
      },
      repeated_winner: {
        ...common('repeated_winner'),
        floor: floor('repeated_winner'),
        windowDays: r.integer(at('repeated_winner', 'window_days'), 1, 3660),
        minLots: r.integer(at('repeated_winner', 'min_lots'), 1, 100_000),
        share: r.decimal(at('repeated_winner', 'share'), 0, '0.99'),
      },
      contract_splitting: { ...spl, lawInForceFrom, floor: floor('contract_splitting'), ceilingsMci },
      missing_plan_link: common('missing_plan_link'),
    },
  };
}

function textsAt(r: YamlReader, path: YamlPath): LegalBasis {
  r.onlyKeys(path, ['ru', 'kk', 'en']);
  return {
    ru: r.string([...path, 'ru']).trim(),
    kk: r.string([...path, 'kk']).trim(),
    en: r.string([...path, 'en']).trim(),
  };
}

/** Every flag key of the rule, each with its three texts, quoting only the figures the rule fills in. */
function explanationsAt(r: YamlReader, id: RuleId): Record<string, Texts> {
  const path = ['rules', id, 'explanations'];
  const params: Record<string, readonly string[]> = EXPLANATION_PARAMS[id];
  const keys = Object.keys(params);
  r.onlyKeys(path, keys);
  const out: Record<string, Texts> = {};
  for (const key of keys) {
    const texts = textsAt(r, [...path, key]);
    for (const lang of ['ru', 'kk', 'en'] as const) {
      for (const name of placeholdersOf(texts[lang])) {
        if (!params[key]!.includes(name)) {
          r.fail(
            [...path, key, lang],
            `uses {${name}}, which this flag does not fill (it fills: ${params[key]!.join(', ') || 'nothing'})`,
          );
        }
      }
    }
    out[key] = texts;
  }
  return out;
}

function methodMap<M extends LotMethod>(
  r: YamlReader,
  path: YamlPath,
  allowed: readonly M[],
  min: number,
  max: number,
): Partial<Record<M, number>> {
  r.onlyKeys(path, allowed);
  const out: Partial<Record<M, number>> = {};
  for (const key of r.keys(path) as M[]) out[key] = r.integer([...path, key], min, max);
  return out;
}

function methodList(r: YamlReader, path: YamlPath): LotMethod[] {
  const n = r.length(path);
  const out: LotMethod[] = [];
  for (let i = 0; i < n; i++) {
    const m = r.string([...path, i]);
    if (!(LOT_METHODS as readonly string[]).includes(m)) {
      r.fail([...path, i], `must be one of: ${LOT_METHODS.join(', ')}`);
    }
    out.push(m as LotMethod);
  }
  return out;
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The rule template (`${name}` placeholders) and its committed production rendering. */
export const RULES_TEMPLATE_PATH = fileURLToPath(new URL('../rules/zakupai.rules.tmpl.yml', import.meta.url));
export const RULES_PATH = fileURLToPath(new URL('../rules/zakupai.rules.yml', import.meta.url));

/** Every alert in the template; each has a `<alert>.for` placeholder and a runbook at docs/runbooks/<alert>.md. */
export const ALERT_NAMES = [
  'AntiDumpingRatioHigh',
  'GoszakupErrorsHigh',
  'EtlStale',
  'ServiceDown',
  'HighHttp5xxRate',
  'GatewayRateLimitFallback',
  'SecretsStale',
  'VaultTokenExpiringSoon',
  'VaultSealed',
  'VaultDown',
] as const;
export type AlertName = (typeof ALERT_NAMES)[number];

export interface RuleParams {
  /** `for:` duration per alert, in Prometheus duration syntax. */
  for: Record<AlertName, string>;
  /** Base URL of docs/runbooks; an alert's link is `<base>/<alert>.md`. */
  runbookBase: string;
}

/** Where operators read the runbooks. Change here, then regenerate. */
export const RUNBOOK_BASE = 'https://github.com/zakupai/zakupai/blob/main/docs/runbooks';

export const productionRuleParams: RuleParams = {
  for: {
    AntiDumpingRatioHigh: '15m',
    GoszakupErrorsHigh: '10m',
    EtlStale: '5m',
    ServiceDown: '2m',
    HighHttp5xxRate: '10m',
    GatewayRateLimitFallback: '5m',
    SecretsStale: '10m',
    VaultTokenExpiringSoon: '2m',
    VaultSealed: '1m',
    VaultDown: '2m',
  },
  runbookBase: RUNBOOK_BASE,
};

/** The same rules with every `for:` set to `duration`, for end-to-end tests and the latency benchmark. */
export function fastRuleParams(duration = '2s'): RuleParams {
  const f = Object.fromEntries(ALERT_NAMES.map((a) => [a, duration])) as Record<AlertName, string>;
  return { for: f, runbookBase: RUNBOOK_BASE };
}

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const PLACEHOLDER = /\$\{([A-Za-z0-9_.]+)\}/g;

/**
 * Fills the template. Strict both ways: a placeholder without a value, a value no placeholder uses, or a malformed
 * duration throws, so the template and the parameters cannot drift apart silently.
 */
export function renderRules(template: string, params: RuleParams): string {
  const values = new Map<string, string>([['RUNBOOK_BASE', params.runbookBase.replace(/\/+$/, '')]]);
  for (const alert of ALERT_NAMES) {
    const d = params.for[alert];
    if (!DURATION.test(d))
      throw new Error(`rule params: ${alert}.for is not a Prometheus duration: ${JSON.stringify(d)}`);
    values.set(`${alert}.for`, d);
  }
  const used = new Set<string>();
  const body = template.replace(/^# TEMPLATE\.[^\n]*\n(#[^\n]*\n)*/, '');
  const out = body.replace(PLACEHOLDER, (_, name: string) => {
    const v = values.get(name);
    if (v === undefined) throw new Error(`rule template: no value for placeholder \${${name}}`);
    used.add(name);
    return v;
  });
  const unused = [...values.keys()].filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`rule template: no placeholder for ${unused.join(', ')}`);
  return '# GENERATED from zakupai.rules.tmpl.yml by `npx tsx deploy/generate.ts`. Do not edit.\n' + out;
}

export function readRulesTemplate(): string {
  return readFileSync(RULES_TEMPLATE_PATH, 'utf8');
}

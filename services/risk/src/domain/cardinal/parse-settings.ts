import { D } from '@zakupai/domain';
import { ZakError } from '@zakupai/errors';
import { asObject, type JsonObject } from './json.ts';
import { fromDecimalText, type Fraction } from './rational.ts';
import { CARDINAL_DEFAULTS, type CardinalSettings, type IndicatorSettings } from './settings.ts';

export const CARDINAL_SETTINGS_ERROR = 'ZAK_CONFIG_CARDINAL';

/** Names where a settings error happened: `settings.ini:12` for INI text, the file name for YAML. */
export type Locate = (path: readonly string[]) => string;

export interface ParsedCardinalSettings {
  settings: CardinalSettings;
  /** Sections accepted but not used here: the `prepare` command's, and indicators this engine does not compute. */
  ignored: string[];
}

/** Sections of a Cardinal settings file that belong to `prepare`, or to indicators not computed here (R044, R055). */
const IGNORED_SECTIONS = [
  'defaults',
  'redactions',
  'corrections',
  'modifications',
  'codelists',
  'R044',
  'R055',
];

/**
 * Cardinal's settings from a plain object with Cardinal's property names, as the INI reader produces it or as it
 * is written in YAML (`R024: { threshold: 0.05 }`; a pipe list may also be a YAML list). Unknown properties are
 * refused, as Cardinal refuses them, naming the path. Values may be numbers or numeric text.
 */
export function cardinalSettingsFrom(
  input: unknown,
  locate: Locate = () => 'cardinal settings',
): ParsedCardinalSettings {
  const root = asObject(input) ?? fail(locate, [], 'must be a mapping of sections');
  const read = new Reader(locate);
  const ignored: string[] = [];
  const indicators: Partial<IndicatorSettings> = {};
  const settings: CardinalSettings = {
    noPriceComparisonProcurementMethods: new Set(),
    priceComparisonProcurementMethods: new Set(),
    excludedProcurementMethodDetails: new Set(),
    indicators,
  };
  for (const [key, value] of Object.entries(root)) {
    const path = [key];
    switch (key) {
      case 'currency':
        settings.currency = read.text(path, value);
        break;
      case 'no_price_comparison_procurement_methods':
        settings.noPriceComparisonProcurementMethods = read.pipeList(path, value);
        break;
      case 'price_comparison_procurement_methods':
        settings.priceComparisonProcurementMethods = read.pipeList(path, value);
        break;
      case 'exclusions': {
        const section = read.section(path, value, ['procurement_method_details']);
        if (section.procurement_method_details !== undefined) {
          settings.excludedProcurementMethodDetails = read.pipeList(
            [key, 'procurement_method_details'],
            section.procurement_method_details,
          );
        }
        break;
      }
      default:
        if (IGNORED_SECTIONS.includes(key)) ignored.push(key);
        else if (isIndicatorKey(key)) indicatorSection(read, key, value, indicators);
        else fail(locate, path, 'is not a Cardinal setting');
    }
  }
  return { settings, ignored };
}

function isIndicatorKey(key: string): key is keyof IndicatorSettings {
  return key in CARDINAL_DEFAULTS;
}

function indicatorSection(
  read: Reader,
  code: keyof IndicatorSettings,
  value: unknown,
  out: Partial<IndicatorSettings>,
): void {
  const p = (name: string) => [code, name];
  switch (code) {
    case 'R003': {
      const s = read.section([code], value, [
        'threshold',
        'procurement_methods',
        'procurement_method_details',
      ]);
      const details = new Map<string, number>();
      if (s.procurement_method_details !== undefined) {
        const table = read.section(p('procurement_method_details'), s.procurement_method_details, null);
        for (const [name, days] of Object.entries(table)) {
          details.set(name, read.natural([code, 'procurement_method_details', name], days));
        }
      }
      out.R003 = {
        threshold:
          s.threshold === undefined
            ? CARDINAL_DEFAULTS.R003.threshold
            : read.natural(p('threshold'), s.threshold),
        procurementMethods:
          s.procurement_methods === undefined
            ? new Set()
            : read.pipeList(p('procurement_methods'), s.procurement_methods),
        procurementMethodDetails: details,
      };
      return;
    }
    case 'R018': {
      const s = read.section([code], value, ['procurement_methods']);
      out.R018 = {
        procurementMethods:
          s.procurement_methods === undefined
            ? CARDINAL_DEFAULTS.R018.procurementMethods
            : read.pipeList(p('procurement_methods'), s.procurement_methods),
      };
      return;
    }
    case 'R024':
    case 'R058': {
      const s = read.section([code], value, ['threshold']);
      out[code] = s.threshold === undefined ? {} : { threshold: read.decimal(p('threshold'), s.threshold) };
      return;
    }
    case 'R025': {
      const s = read.section([code], value, ['percentile', 'threshold']);
      const percentile = s.percentile === undefined ? 75 : read.natural(p('percentile'), s.percentile);
      if (percentile > 100) read.fail(p('percentile'), 'must be a percentage from 0 to 100');
      out.R025 =
        s.threshold === undefined
          ? { percentile }
          : { percentile, threshold: read.decimal(p('threshold'), s.threshold) };
      return;
    }
    case 'R035': {
      const s = read.section([code], value, ['threshold']);
      // Cardinal: `max(threshold, 1)`, so 0 means 1.
      out.R035 = {
        threshold: s.threshold === undefined ? 1 : Math.max(1, read.natural(p('threshold'), s.threshold)),
      };
      return;
    }
    case 'R038': {
      const s = read.section([code], value, [
        'threshold',
        'minimum_submitted_bids',
        'minimum_contracting_processes',
      ]);
      out.R038 = {
        ...(s.threshold === undefined ? {} : { threshold: read.decimal(p('threshold'), s.threshold) }),
        minimumSubmittedBids:
          s.minimum_submitted_bids === undefined
            ? 2
            : read.natural(p('minimum_submitted_bids'), s.minimum_submitted_bids),
        minimumContractingProcesses:
          s.minimum_contracting_processes === undefined
            ? 2
            : read.natural(p('minimum_contracting_processes'), s.minimum_contracting_processes),
      };
      return;
    }
    case 'R048': {
      const s = read.section([code], value, ['digits', 'threshold', 'minimum_contracting_processes']);
      const digits = s.digits === undefined ? 2 : read.natural(p('digits'), s.digits);
      if (digits < 1) read.fail(p('digits'), 'must be at least 1');
      out.R048 = {
        digits,
        ...(s.threshold === undefined ? {} : { threshold: read.natural(p('threshold'), s.threshold) }),
        minimumContractingProcesses:
          s.minimum_contracting_processes === undefined
            ? 20
            : read.natural(p('minimum_contracting_processes'), s.minimum_contracting_processes),
      };
      return;
    }
    case 'R028':
    case 'R030':
    case 'R036':
      read.section([code], value, []);
      out[code] = {};
      return;
  }
}

class Reader {
  constructor(private readonly locate: Locate) {}

  fail(path: readonly string[], message: string): never {
    return fail(this.locate, path, message);
  }

  /** A section: a mapping whose keys are among `allowed` (null: any key). An empty INI section may be null. */
  section(path: readonly string[], value: unknown, allowed: readonly string[] | null): JsonObject {
    if (value === null || value === undefined || value === '') return {};
    const section = asObject(value) ?? this.fail(path, 'must be a section of properties');
    if (allowed) {
      for (const key of Object.keys(section)) {
        if (!allowed.includes(key)) this.fail([...path, key], `is not a property of [${path.join('.')}]`);
      }
    }
    return section;
  }

  text(path: readonly string[], value: unknown): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, 'must be text');
    return value.trim();
  }

  /** Cardinal's pipe-separated list (`open|selective`); Rust's `split_terminator('|')`, so a trailing `|` adds nothing. */
  pipeList(path: readonly string[], value: unknown): ReadonlySet<string> {
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return new Set(value as string[]);
    if (typeof value !== 'string') this.fail(path, 'must be a pipe-separated list, such as open|selective');
    const parts = value.split('|');
    if (parts[parts.length - 1] === '') parts.pop();
    return new Set(parts);
  }

  natural(path: readonly string[], value: unknown): number {
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
    if (!/^\d{1,15}$/.test(text)) this.fail(path, `must be a whole number, not ${JSON.stringify(value)}`);
    return Number(text);
  }

  decimal(path: readonly string[], value: unknown): Fraction {
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
    let ok = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text);
    if (ok) ok = D(text).isFinite();
    if (!ok) this.fail(path, `must be a decimal number, not ${JSON.stringify(value)}`);
    return fromDecimalText(text);
  }
}

function fail(locate: Locate, path: readonly string[], message: string): never {
  const where = path.length === 0 ? '(settings)' : path.join('.');
  throw new ZakError(CARDINAL_SETTINGS_ERROR, 'config', `${locate(path)}: ${where} ${message}`, {
    details: { path: where },
  });
}

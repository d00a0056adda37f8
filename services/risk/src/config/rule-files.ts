import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZakError } from '@zakupai/errors';
import type { HolidayCalendar } from '../domain/holiday-calendar.ts';
import { parseHolidays } from '../domain/parse-holidays.ts';
import { parseRules } from '../domain/parse-rules.ts';
import type { RulesConfig } from '../domain/rules-config.ts';

export const DEFAULT_RULES_FILE = fileURLToPath(new URL('../../rules/rules.yaml', import.meta.url));
export const DEFAULT_HOLIDAYS_FILE = fileURLToPath(new URL('../../rules/holidays-kz.yaml', import.meta.url));

export interface RuleFiles {
  rules: RulesConfig;
  calendar: HolidayCalendar;
}

/** Reads and validates the rules and the holiday calendar; any fault is a `config` ZakError that names the file. */
export async function loadRuleFiles(
  paths: { rulesFile?: string; holidaysFile?: string } = {},
): Promise<RuleFiles> {
  const rulesFile = paths.rulesFile ?? DEFAULT_RULES_FILE;
  const holidaysFile = paths.holidaysFile ?? DEFAULT_HOLIDAYS_FILE;
  const [rulesText, holidaysText] = await Promise.all([read(rulesFile), read(holidaysFile)]);
  return {
    rules: parseRules(rulesText, basename(rulesFile)),
    calendar: parseHolidays(holidaysText, basename(holidaysFile)),
  };
}

async function read(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new ZakError('ZAK_CONFIG_RULES', 'config', `cannot read ${path}`, { cause });
  }
}

import { configError } from '@zakupai/errors';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const DURATION = /^(\d{1,7})([smhd]?)$/;

/** `24h`, `90m`, `3600s`, `1d` or bare seconds, as whole seconds above 0; a config error naming `name` otherwise. */
export function parseDurationSeconds(raw: string, name: string): number {
  const m = DURATION.exec(raw.trim());
  const seconds = m ? Number(m[1]) * UNIT_SECONDS[m[2] || 's']! : 0;
  if (!m || seconds <= 0) {
    throw configError('ZAK_CONFIG_DURATION', `${name} must be a duration such as 24h, 90m or 3600s`);
  }
  return seconds;
}

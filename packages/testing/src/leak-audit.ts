import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The leak audit's two sides. Tests *plant* the secret values they put into Vault or files, and harnesses
 * *capture* what the system under test said (process output, HTTP bodies). After the whole suite,
 * `scripts/leak-audit.mjs` checks that no planted value appears in anything captured. Both are no-ops unless
 * the runner set ZAKUPAI_CAPTURE_DIR.
 */
const dir = process.env.ZAKUPAI_CAPTURE_DIR;
const MIN_LENGTH = 8;

function secretPart(value: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    try {
      const u = new URL(value);
      return u.password ? decodeURIComponent(u.password) : undefined;
    } catch {
      return value;
    }
  }
  return value;
}

/** Registers secret values. A URL counts only by its password: the rest of it is not secret. */
export function plant(...values: Array<string | undefined>): void {
  if (!dir) return;
  const lines = values
    .map((v) => (typeof v === 'string' ? secretPart(v) : undefined))
    .filter((v): v is string => typeof v === 'string' && v.length >= MIN_LENGTH && !v.includes('\n'));
  if (lines.length === 0) return;
  mkdirSync(join(dir, 'planted'), { recursive: true });
  appendFileSync(join(dir, 'planted', `${process.pid}.txt`), lines.map((l) => `${l}\n`).join(''));
}

/** Records something the system under test emitted. */
export function capture(label: string, text: string): void {
  if (!dir || text.length === 0) return;
  mkdirSync(join(dir, 'captured'), { recursive: true });
  const safe = label.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60);
  appendFileSync(join(dir, 'captured', `${process.pid}-${safe}.log`), `${text}\n`);
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ID_LENGTH, KEY_SCHEME, SECRET_LENGTH } from './key-format.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Unbiased characters from `alphabet` (rejection sampling on random bytes). */
function randomString(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < limit && out.length < length) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

export interface NewKey {
  key: string;
  prefix: string;
}

/** A new key: 12 base36 id characters (≈62 bits) and 43 base62 secret characters (≈256 bits). */
export function generateApiKey(): NewKey {
  const prefix = `${KEY_SCHEME}${randomString(BASE36, ID_LENGTH)}`;
  return { prefix, key: `${prefix}_${randomString(BASE62, SECRET_LENGTH)}` };
}

/** HMAC-SHA256 of the whole key with the pepper, hex. The only form in which a key is stored or sent. */
export function hashApiKey(pepper: string, key: string): string {
  return createHmac('sha256', pepper).update(key, 'utf8').digest('hex');
}

/** Constant-time equality of two hex digests (different lengths are simply unequal). */
export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * The credential the gateway presents on billing's `/internal/*` routes. Both hold API_KEY_PEPPER
 * (SPEC.md, Secrets), so it is derived from it rather than being one more secret to distribute.
 */
export function internalToken(pepper: string): string {
  return createHmac('sha256', pepper).update('zakupai-internal-v1', 'utf8').digest('hex');
}

export const INTERNAL_HEADER = 'x-zakupai-internal';

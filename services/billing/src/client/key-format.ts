/**
 * API key format: `zk_live_<id>_<secret>`.
 * - `zk_live_<id>` is the visible prefix: stored, listed and searchable, and enough to find the row.
 * - `<secret>` is 43 base62 characters from 32 random bytes (≈256 bits); it is never stored, only the
 *   peppered HMAC of the whole key is.
 */
export const KEY_SCHEME = 'zk_live_';
export const ID_LENGTH = 12;
export const SECRET_LENGTH = 43;

const KEY_PATTERN = new RegExp(`^(${KEY_SCHEME}[0-9a-z]{${ID_LENGTH}})_[0-9A-Za-z]{${SECRET_LENGTH}}$`);
export const PREFIX_PATTERN = new RegExp(`^${KEY_SCHEME}[0-9a-z]{${ID_LENGTH}}$`);

/** The visible prefix of a well-formed key, or undefined. Never throws and never echoes the input. */
export function prefixOf(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

import { createLocalJWKSet, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import { configError } from '@zakupai/errors';

/** The members of a public JWK; anything else (`d`, `p`, `q`, …) is private and never published. */
const PUBLIC_MEMBERS = [
  'kty',
  'kid',
  'use',
  'alg',
  'key_ops',
  'crv',
  'x',
  'y',
  'n',
  'e',
  'x5c',
  'x5t',
  'x5t#S256',
] as const;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * Parses JWT_PUBLIC_KEYS. Every key needs a `kid` (tokens pick their key by it) and must be public:
 * a symmetric or private key in the set is refused rather than published. Errors name the key's
 * position, never its material.
 */
export function parseJwks(json: string): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw configError('ZAK_JWKS_INVALID', 'JWT_PUBLIC_KEYS is not valid JSON');
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys))
    throw configError('ZAK_JWKS_INVALID', 'JWT_PUBLIC_KEYS must be a JWKS: {"keys": [...]}');
  keys.forEach((k: JWK, i) => {
    if (typeof k !== 'object' || k === null || typeof k.kty !== 'string')
      throw configError('ZAK_JWKS_INVALID', `JWT_PUBLIC_KEYS key ${i} has no kty`);
    if (typeof k.kid !== 'string' || k.kid === '')
      throw configError('ZAK_JWKS_INVALID', `JWT_PUBLIC_KEYS key ${i} has no kid`);
    if (PRIVATE_MEMBERS.some((m) => m in k))
      throw configError('ZAK_JWKS_INVALID', `JWT_PUBLIC_KEYS key ${k.kid} is not a public key`);
  });
  const kids = new Set(keys.map((k: JWK) => k.kid));
  if (kids.size !== keys.length)
    throw configError('ZAK_JWKS_INVALID', 'JWT_PUBLIC_KEYS has two keys with one kid');
  return { keys: keys as JWK[] };
}

/**
 * The verification keys in use. `update` swaps the whole set at once (JWKS rotation from the secret
 * store); a set that fails to parse is refused and the current one stays.
 */
export class JwksKeys {
  #set: JSONWebKeySet;
  #getKey: JWTVerifyGetKey;

  constructor(json: string) {
    this.#set = parseJwks(json);
    this.#getKey = createLocalJWKSet(this.#set);
  }

  update(json: string): void {
    const next = parseJwks(json);
    this.#getKey = createLocalJWKSet(next);
    this.#set = next;
  }

  /** The resolver for jwtVerify, read per request so a rotation applies to the next token. */
  get getKey(): JWTVerifyGetKey {
    return this.#getKey;
  }

  get kids(): string[] {
    return this.#set.keys.map((k) => k.kid!);
  }

  /** The public JWKS, as served at `/.well-known/jwks.json` for billing's admin API. */
  publicSet(): JSONWebKeySet {
    return {
      keys: this.#set.keys.map((k) => {
        const out: Record<string, unknown> = {};
        for (const m of PUBLIC_MEMBERS) if (k[m] !== undefined) out[m] = k[m];
        return out as JWK;
      }),
    };
  }
}

import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ZakError } from '@zakupai/errors';

/**
 * Asymmetric algorithms only: a JWKS of public keys can never verify an HMAC token, and `none` is
 * never accepted (jose refuses unsecured tokens in jwtVerify, and it is not in this list).
 */
export const ALLOWED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
] as const;

export const ADMIN_SCOPE = 'zakupai:admin';
export const CLOCK_TOLERANCE_SECONDS = 5;

export interface TokenPolicy {
  issuer: string;
  audience: string;
}

export interface AccessToken {
  subject: string;
  scopes: string[];
  claims: JWTPayload;
}

/** `scope` as a space-separated string (RFC 8693) or `scp` as an array. */
export function scopesOf(claims: JWTPayload): string[] {
  const out = new Set<string>();
  if (typeof claims.scope === 'string')
    claims.scope
      .split(' ')
      .filter(Boolean)
      .forEach((s) => out.add(s));
  if (Array.isArray(claims.scp))
    claims.scp.filter((s): s is string => typeof s === 'string').forEach((s) => out.add(s));
  return [...out];
}

const unauthenticated = (reason: string) =>
  new ZakError('ZAK_UNAUTHENTICATED', 'unauthenticated', `bearer token rejected: ${reason}`);

/**
 * Verifies signature (allow-listed algorithm, key from the JWKS by `kid`), `iss`, `aud`, `exp` (required),
 * `nbf` (when present) and `sub` (required). Every failure is one 401 whose reason names the check, never the token.
 */
export async function verifyAccessToken(
  token: string,
  keys: JWTVerifyGetKey,
  policy: TokenPolicy,
): Promise<AccessToken> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: policy.issuer,
      audience: policy.audience,
      algorithms: [...ALLOWED_ALGORITHMS],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'sub'],
    });
    return { subject: payload.sub!, scopes: scopesOf(payload), claims: payload };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    // Not a verdict on the token: the key set could not be fetched (a remote JWKS that is down).
    if (
      code === 'ERR_JWKS_TIMEOUT' ||
      code === 'ERR_JWKS_INVALID' ||
      code === 'ERR_JOSE_GENERIC' ||
      typeof code !== 'string' ||
      !code.startsWith('ERR_J')
    ) {
      throw new ZakError(
        'ZAK_SIGNING_KEYS_UNAVAILABLE',
        'unavailable',
        'token signing keys are unavailable',
        { retryAfter: 5, cause: e },
      );
    }
    throw unauthenticated(reasonOf(e));
  }
}

function reasonOf(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = (e as { claim?: string }).claim;
      return claim === 'nbf' ? 'not yet valid' : `claim ${claim ?? 'unknown'} invalid`;
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'algorithm not allowed';
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'unknown signing key';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'bad signature';
    default:
      return 'malformed';
  }
}

/** The token from `Authorization: Bearer …`, or undefined when the header is absent or another scheme. */
export function bearerOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(value ?? '');
  return m?.[1];
}

/** The token policy every service reads from its environment (`JWT_ISSUER`, `JWT_AUDIENCE`). */
export function tokenPolicyFromEnv(env: Readonly<Record<string, string | undefined>>): TokenPolicy {
  return { issuer: env.JWT_ISSUER || 'zakupai', audience: env.JWT_AUDIENCE || 'zakupai-api' };
}

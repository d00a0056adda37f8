import { importJWK, SignJWT, type JWK } from 'jose';
import { configError } from '@zakupai/errors';
import { ADMIN_SCOPE, type TokenPolicy } from './access-token.ts';

/**
 * Mints a short-lived admin token from a private JWK (an operator's signing key, or dev mode's
 * `.zakupai/dev-jwt-private.json`). The key must carry `kid` and `alg` so the JWKS can find it.
 */
export async function mintAdminToken(
  jwkJson: string,
  policy: TokenPolicy,
  subject: string,
  ttlSeconds = 300,
): Promise<string> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(jwkJson) as JWK;
  } catch {
    throw configError('ZAK_ADMIN_KEY_INVALID', 'the admin signing key is not valid JSON');
  }
  if (typeof jwk.d !== 'string' || typeof jwk.kid !== 'string' || typeof jwk.alg !== 'string') {
    throw configError(
      'ZAK_ADMIN_KEY_INVALID',
      'the admin signing key must be a private JWK with kid and alg',
    );
  }
  const key = await importJWK(jwk, jwk.alg);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: ADMIN_SCOPE })
    .setProtectedHeader({ alg: jwk.alg, kid: jwk.kid, typ: 'JWT' })
    .setIssuer(policy.issuer)
    .setAudience(policy.audience)
    .setSubject(subject)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(key);
}

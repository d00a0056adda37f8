import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';

export const ISSUER = 'https://auth.zakupai.test';
export const AUDIENCE = 'zakupai-api';

export interface Signer {
  kid: string;
  /** The public JWK (kid, alg, use set), as it goes into JWT_PUBLIC_KEYS. */
  jwk: JWK;
  /** The private JWK (kid and alg set), for tools that mint their own tokens. */
  privateJwk: JWK;
  /** Signs with sensible defaults: iss, aud, sub, iat, exp in 5 minutes. `overrides` replaces any claim. */
  sign(
    claims?: JWTPayload,
    overrides?: { iss?: string; aud?: string; exp?: number; nbf?: number; omitExp?: boolean },
  ): Promise<string>;
}

export async function makeSigner(kid: string, alg: 'ES256' | 'RS256' | 'EdDSA' = 'ES256'): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg };
  return {
    kid,
    jwk,
    privateJwk,
    async sign(claims = {}, o = {}) {
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({ sub: 'tester', ...claims })
        .setProtectedHeader({ alg, kid })
        .setIssuer(o.iss ?? ISSUER)
        .setAudience(o.aud ?? AUDIENCE)
        .setIssuedAt(now);
      if (!o.omitExp) jwt.setExpirationTime(o.exp ?? now + 300);
      if (o.nbf !== undefined) jwt.setNotBefore(o.nbf);
      return jwt.sign(privateKey);
    },
  };
}

export const jwks = (...signers: Signer[]) => JSON.stringify({ keys: signers.map((s) => s.jwk) });

/** An unsecured token (`alg: none`), which every verifier must refuse. */
export function unsecuredToken(claims: JWTPayload): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: ISSUER, aud: AUDIENCE, sub: 'mallory', exp: now + 300, ...claims })}.`;
}

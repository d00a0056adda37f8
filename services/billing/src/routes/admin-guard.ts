import type { FastifyRequest } from 'fastify';
import type { JWTVerifyGetKey } from 'jose';
import { ZakError } from '@zakupai/errors';
import { ADMIN_SCOPE, bearerOf, verifyAccessToken, type TokenPolicy } from '../client/access-token.ts';

export interface AdminAuth extends TokenPolicy {
  /** The key set admin tokens are checked against (the gateway's JWKS). Read per request, so rotation applies. */
  keys: () => JWTVerifyGetKey;
}

/** Admits a bearer token with scope `zakupai:admin`; returns its subject for the audit log. */
export async function requireAdmin(auth: AdminAuth, req: FastifyRequest): Promise<string> {
  const token = bearerOf(req.headers.authorization);
  if (!token)
    throw new ZakError(
      'ZAK_UNAUTHENTICATED',
      'unauthenticated',
      'the admin API needs Authorization: Bearer <token>',
    );
  const verified = await verifyAccessToken(token, auth.keys(), auth);
  if (!verified.scopes.includes(ADMIN_SCOPE)) {
    throw new ZakError('ZAK_FORBIDDEN', 'forbidden', `the admin API needs scope ${ADMIN_SCOPE}`);
  }
  return verified.subject;
}

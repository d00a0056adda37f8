import type { IncomingHttpHeaders } from 'node:http';
import { ZakError } from '@zakupai/errors';
import { bearerOf } from '@zakupai/billing/client';
import type { Principal } from '../domain/principal.ts';
import type { ApiKeyAuth } from './api-key-auth.ts';
import type { JwtAuth } from './jwt-auth.ts';

export type AuthMethod = 'api_key' | 'jwt' | 'none';

const missing = () =>
  new ZakError(
    'ZAK_UNAUTHENTICATED',
    'unauthenticated',
    'authentication required: send X-API-Key or Authorization: Bearer <token>',
  );

/** Picks the credential the request carries (exactly one) and verifies it. */
export async function authenticate(
  headers: IncomingHttpHeaders,
  auth: { apiKeys: ApiKeyAuth; jwt: JwtAuth },
  onMethod: (m: AuthMethod) => void = () => {},
): Promise<Principal> {
  const rawKey = headers['x-api-key'];
  const key = Array.isArray(rawKey) ? undefined : rawKey;
  const hasAuthorization = headers.authorization !== undefined;
  if (Array.isArray(rawKey) || (key !== undefined && hasAuthorization)) {
    onMethod('none');
    throw new ZakError(
      'ZAK_UNAUTHENTICATED',
      'unauthenticated',
      'send one credential: X-API-Key or Authorization, not both',
    );
  }
  if (key !== undefined) {
    onMethod('api_key');
    return auth.apiKeys.authenticate(key.trim());
  }
  if (hasAuthorization) {
    onMethod('jwt');
    const token = bearerOf(headers.authorization);
    if (!token)
      throw new ZakError(
        'ZAK_UNAUTHENTICATED',
        'unauthenticated',
        'Authorization must use the Bearer scheme',
      );
    return auth.jwt.authenticate(token);
  }
  onMethod('none');
  throw missing();
}

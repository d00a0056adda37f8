export { KEY_SCHEME, PREFIX_PATTERN, prefixOf } from './key-format.ts';
export { hashApiKey, internalToken, digestsEqual, generateApiKey, INTERNAL_HEADER } from './key-crypto.ts';
export {
  ALLOWED_ALGORITHMS,
  ADMIN_SCOPE,
  bearerOf,
  scopesOf,
  tokenPolicyFromEnv,
  verifyAccessToken,
  type AccessToken,
  type TokenPolicy,
} from './access-token.ts';
export { DEFAULT_PLANS, type Plan } from '../domain/plan.ts';
export { BillingAdminClient, type KeyView, type IssuedKeyView } from './admin-client.ts';
export { mintAdminToken } from './admin-token.ts';

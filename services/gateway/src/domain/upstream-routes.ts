import type { Principal } from './principal.ts';

export type UpstreamName = 'calc' | 'risk' | 'etl';

/** What each proxied prefix needs: a plan feature for an API key, a scope for a JWT. */
export interface RoutePolicy {
  upstream: UpstreamName;
  prefix: `/api/${UpstreamName}`;
  feature: string;
  scope: string;
}

export const ROUTE_POLICIES: readonly RoutePolicy[] = [
  { upstream: 'calc', prefix: '/api/calc', feature: 'basic_analysis', scope: 'zakupai:calc' },
  { upstream: 'risk', prefix: '/api/risk', feature: 'risk_scoring', scope: 'zakupai:risk' },
  { upstream: 'etl', prefix: '/api/etl', feature: 'data_access', scope: 'zakupai:etl' },
];

/** `zakupai:admin` may call every route. */
export const ADMIN_SCOPE = 'zakupai:admin';

/** Whether the principal may call the route; the reason names what is missing. */
export function authorize(p: Principal, route: RoutePolicy): { ok: true } | { ok: false; reason: string } {
  if (p.kind === 'api_key') {
    return p.features.includes(route.feature)
      ? { ok: true }
      : { ok: false, reason: `plan ${p.plan} does not include ${route.feature}` };
  }
  return p.scopes.includes(route.scope) || p.scopes.includes(ADMIN_SCOPE)
    ? { ok: true }
    : { ok: false, reason: `token lacks scope ${route.scope}` };
}

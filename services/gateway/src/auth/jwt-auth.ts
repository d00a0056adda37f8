import { verifyAccessToken, type TokenPolicy } from '@zakupai/billing/client';
import type { Principal } from '../domain/principal.ts';
import type { JwksKeys } from './jwks-keys.ts';
import type { PlanCatalog } from './plan-catalog.ts';

/** The claim naming a token holder's plan (for its limits); absent means `free`. */
export const PLAN_CLAIM = 'zakupai_plan';

/** Verifies `Authorization: Bearer` JWTs with the current JWKS (see `verifyAccessToken` for the checks). */
export class JwtAuth {
  constructor(
    private readonly keys: JwksKeys,
    private readonly policy: TokenPolicy,
    private readonly plans: PlanCatalog,
  ) {}

  async authenticate(token: string): Promise<Principal> {
    const t = await verifyAccessToken(token, this.keys.getKey, this.policy);
    const claimed = t.claims[PLAN_CLAIM];
    const plan = await this.plans.get(typeof claimed === 'string' ? claimed : 'free');
    return {
      kind: 'jwt',
      subject: t.subject,
      plan: plan.name,
      quotas: { hourly: plan.hourlyQuota, daily: plan.dailyQuota },
      scopes: t.scopes,
    };
  }
}

import { validationError } from '@zakupai/errors';
import type { Plan } from '../domain/plan.ts';
import type { BillingStore } from '../store/billing-store.ts';

/** Creates or changes a plan. Keys on it see the new quotas within the gateway's cache TTL. */
export async function savePlan(store: BillingStore, plan: Plan): Promise<Plan> {
  if (plan.hourlyQuota > plan.dailyQuota)
    throw validationError('hourlyQuota', 'hourlyQuota must not exceed dailyQuota');
  if (new Set(plan.features).size !== plan.features.length)
    throw validationError('features', 'features must not repeat');
  return store.upsertPlan(plan);
}

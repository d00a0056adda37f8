/** A plan: request quotas per hour and per day, and the features it unlocks. */
export interface Plan {
  name: string;
  hourlyQuota: number;
  dailyQuota: number;
  features: readonly string[];
}

export const PLAN_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
export const FEATURE_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * The defaults follow the Python original (free 100/day and 20/hour; premium 5,000/day and 500/hour).
 * `data_access` (the ETL read API) is ours: the original had no such route.
 */
export const DEFAULT_PLANS: readonly Plan[] = [
  { name: 'free', hourlyQuota: 20, dailyQuota: 100, features: ['basic_analysis'] },
  {
    name: 'premium',
    hourlyQuota: 500,
    dailyQuota: 5000,
    features: ['basic_analysis', 'pdf_export', 'risk_scoring', 'doc_generation', 'data_access'],
  },
];

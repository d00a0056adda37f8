import { Counter, type Registry } from 'prom-client';

export interface BillingMetrics {
  keysIssued: Counter;
  verifications: Counter<'result'>;
  usageRequests: Counter;
}

export function createBillingMetrics(registry: Registry): BillingMetrics {
  return {
    keysIssued: new Counter({
      name: 'billing_keys_issued_total',
      help: 'API keys issued (created or rotated)',
      registers: [registry],
    }),
    verifications: new Counter({
      name: 'billing_key_verifications_total',
      help: 'Key verifications for the gateway by result (valid, unknown, expired, revoked)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    usageRequests: new Counter({
      name: 'billing_usage_requests_total',
      help: 'Requests metered into usage',
      registers: [registry],
    }),
  };
}

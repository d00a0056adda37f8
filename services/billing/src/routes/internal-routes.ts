import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App } from '@zakupai/kit';
import { ZakError } from '@zakupai/errors';
import { digestsEqual, INTERNAL_HEADER, internalToken } from '../client/key-crypto.ts';
import { verifyKey, type KeyDeps } from '../use-cases/keys.ts';
import { recordUsage } from '../use-cases/usage.ts';
import type { BillingMetrics } from '../billing-metrics.ts';
import { inScope } from './field-scope.ts';
import { UsageBatchBody, VerifyBody, planView } from './schemas.ts';

/**
 * `/internal/*`: what the gateway calls. The caller proves it holds API_KEY_PEPPER with a derived token
 * (`x-zakupai-internal`); the services are reachable only on loopback or the internal network as well.
 */
export function internalRoutes(app: App, deps: KeyDeps & { metrics: BillingMetrics }): void {
  app.register(async (plain) => {
    const internal = plain.withTypeProvider<TypeBoxTypeProvider>();
    internal.addHook('onRequest', async (req) => {
      const presented = req.headers[INTERNAL_HEADER];
      if (typeof presented !== 'string' || !digestsEqual(presented, internalToken(deps.pepper()))) {
        throw new ZakError(
          'ZAK_UNAUTHENTICATED',
          'unauthenticated',
          `internal routes need a valid ${INTERNAL_HEADER} header`,
        );
      }
    });

    internal.post('/internal/verify', { schema: { body: VerifyBody, hide: true } }, async (req) => {
      const v = await verifyKey(deps, req.body.prefix, req.body.keyHash);
      deps.metrics.verifications.inc({ result: v.valid ? 'valid' : v.reason });
      if (!v.valid) return { valid: false, reason: v.reason };
      return {
        valid: true,
        key: {
          id: v.key.id,
          prefix: v.key.prefix,
          owner: v.key.owner,
          expiresAt: v.key.expiresAt?.toISOString() ?? null,
        },
        plan: planView(v.plan),
      };
    });

    internal.post('/internal/usage', { schema: { body: UsageBatchBody, hide: true } }, async (req) => {
      const result = await inScope('body', () => recordUsage(deps.store, req.body.batchId, req.body.entries));
      if (!result.duplicate)
        deps.metrics.usageRequests.inc(req.body.entries.reduce((n, e) => n + e.requests, 0));
      return result;
    });

    internal.get('/internal/plans', { schema: { hide: true } }, async () => ({
      plans: (await deps.store.listPlans()).map(planView),
    }));
  });
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App } from '@zakupai/kit';
import { DEFAULT_OVERLAP_SECONDS } from '../domain/api-key.ts';
import { utcDay } from '../domain/usage.ts';
import { createKey, listKeys, requireKey, revokeKey, rotateKey, type KeyDeps } from '../use-cases/keys.ts';
import { keyUsage } from '../use-cases/usage.ts';
import { savePlan } from '../use-cases/plans.ts';
import type { BillingMetrics } from '../billing-metrics.ts';
import { requireAdmin, type AdminAuth } from './admin-guard.ts';
import { inScope } from './field-scope.ts';
import {
  CreateKeyBody,
  IssuedKeyResponse,
  KeyListResponse,
  KeyRef,
  KeyViewResponse,
  ListKeysQuery,
  PlanBody,
  PlanListResponse,
  PlanName,
  PlanResponse,
  RotateBody,
  RotatedKeyResponse,
  UsageQuery,
  UsageResponse,
  keyView,
  planView,
} from './schemas.ts';
import { Type } from 'typebox';

const ONCE = 'store this key now: it is shown once and cannot be recovered';
const IdParams = Type.Object({ id: KeyRef });

/** `/admin/*`: keys, usage and plans, for a bearer token with scope `zakupai:admin`. */
export function adminRoutes(app: App, deps: KeyDeps & { auth: AdminAuth; metrics: BillingMetrics }): void {
  const now = () => (deps.now ?? (() => new Date()))();
  app.register(async (plain) => {
    const admin = plain.withTypeProvider<TypeBoxTypeProvider>();
    admin.addHook('preHandler', async (req) => {
      const subject = await requireAdmin(deps.auth, req);
      req.log = req.log.child({ admin: subject });
    });

    admin.post(
      '/admin/keys',
      { schema: { body: CreateKeyBody, tags: ['admin'], response: { 201: IssuedKeyResponse } } },
      async (req, reply) => {
        const b = req.body;
        const issued = await inScope('body', () =>
          createKey(deps, {
            owner: b.owner,
            plan: b.plan,
            label: b.label,
            expiresAt: b.expiresAt ? new Date(b.expiresAt) : undefined,
          }),
        );
        deps.metrics.keysIssued.inc();
        req.log.info(
          { action: 'key.create', prefix: issued.record.prefix, plan: issued.record.plan },
          'api key issued',
        );
        return reply.status(201).send({ key: issued.key, notice: ONCE, ...keyView(issued.record, now()) });
      },
    );

    admin.get(
      '/admin/keys',
      { schema: { querystring: ListKeysQuery, tags: ['admin'], response: { 200: KeyListResponse } } },
      async (req) => {
        const q = req.query;
        const keys = await listKeys(deps, {
          ...(q.prefix ? { prefix: q.prefix } : {}),
          ...(q.owner ? { owner: q.owner } : {}),
          includeInactive: q.includeInactive ?? false,
          limit: q.limit ?? 100,
        });
        const at = now();
        return { keys: keys.map((k) => keyView(k, at)) };
      },
    );

    admin.get(
      '/admin/keys/:id',
      { schema: { params: IdParams, tags: ['admin'], response: { 200: KeyViewResponse } } },
      async (req) => keyView(await inScope('params', () => requireKey(deps.store, req.params.id)), now()),
    );

    admin.post(
      '/admin/keys/:id/revoke',
      { schema: { params: IdParams, tags: ['admin'], response: { 200: KeyViewResponse } } },
      async (req) => {
        const key = await inScope('params', () => revokeKey(deps, req.params.id));
        req.log.info({ action: 'key.revoke', prefix: key.prefix }, 'api key revoked');
        return keyView(key, now());
      },
    );

    admin.post(
      '/admin/keys/:id/rotate',
      {
        schema: {
          params: IdParams,
          body: RotateBody,
          tags: ['admin'],
          response: { 201: RotatedKeyResponse },
          'x-body-optional': true,
        },
        // An empty POST (no body at all) means the default overlap; a JSON `null` is a wrong body, not an empty one.
        preValidation: async (req) => {
          if (req.body === undefined) req.body = {};
        },
      },
      async (req, reply) => {
        const overlap = req.body?.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
        const rotated = await inScope('params', () => rotateKey(deps, req.params.id, overlap));
        deps.metrics.keysIssued.inc();
        req.log.info(
          { action: 'key.rotate', prefix: rotated.previous.prefix, next: rotated.record.prefix },
          'api key rotated',
        );
        const at = now();
        return reply.status(201).send({
          key: rotated.key,
          notice: ONCE,
          ...keyView(rotated.record, at),
          previous: keyView(rotated.previous, at),
        });
      },
    );

    admin.get(
      '/admin/keys/:id/usage',
      {
        schema: {
          params: IdParams,
          querystring: UsageQuery,
          tags: ['admin'],
          response: { 200: UsageResponse },
        },
      },
      async (req) => {
        const to = req.query.to ?? utcDay(now());
        const key = await inScope('params', () => requireKey(deps.store, req.params.id));
        return inScope('querystring', () => keyUsage(deps.store, key, req.query.from, to));
      },
    );

    admin.get(
      '/admin/plans',
      { schema: { tags: ['admin'], response: { 200: PlanListResponse } } },
      async () => ({
        plans: (await deps.store.listPlans()).map(planView),
      }),
    );

    admin.put(
      '/admin/plans/:name',
      {
        schema: {
          params: Type.Object({ name: PlanName }),
          body: PlanBody,
          tags: ['admin'],
          response: { 200: PlanResponse },
        },
      },
      async (req) => {
        const plan = await inScope('body', () =>
          savePlan(deps.store, { name: req.params.name, ...req.body }),
        );
        req.log.info({ action: 'plan.save', plan: plan.name }, 'plan saved');
        return planView(plan);
      },
    );
  });
}

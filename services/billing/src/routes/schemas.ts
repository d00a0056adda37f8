import { Type } from 'typebox';
import { keyState, type ApiKeyRecord } from '../domain/api-key.ts';
import { FEATURE_NAME, PLAN_NAME, type Plan } from '../domain/plan.ts';

export const PlanName = Type.String({ pattern: PLAN_NAME.source });
export const KeyRef = Type.String({ minLength: 1, maxLength: 128 });
export const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const Uuid = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
});
export const HexDigest = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const CreateKeyBody = Type.Object(
  {
    owner: Type.String({ minLength: 1, maxLength: 200 }),
    plan: PlanName,
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export const ListKeysQuery = Type.Object(
  {
    prefix: Type.Optional(Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9a-z_]+$' })),
    owner: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    includeInactive: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const RotateBody = Type.Object(
  { overlapSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 * 24 * 3600 })) },
  { additionalProperties: false },
);

export const UsageQuery = Type.Object(
  { from: Type.Optional(Day), to: Type.Optional(Day) },
  { additionalProperties: false },
);

export const PlanBody = Type.Object(
  {
    hourlyQuota: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
    dailyQuota: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }),
    features: Type.Array(Type.String({ pattern: FEATURE_NAME.source }), { maxItems: 64 }),
  },
  { additionalProperties: false },
);

export const VerifyBody = Type.Object(
  { prefix: Type.String({ minLength: 1, maxLength: 64 }), keyHash: HexDigest },
  { additionalProperties: false },
);

export const UsageBatchBody = Type.Object(
  {
    batchId: Uuid,
    entries: Type.Array(
      Type.Object(
        { keyId: Uuid, day: Day, requests: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }) },
        { additionalProperties: false },
      ),
      { maxItems: 5000 },
    ),
  },
  { additionalProperties: false },
);

/** The public view of a key: never its hash. */
export function keyView(k: ApiKeyRecord, now: Date) {
  return {
    id: k.id,
    prefix: k.prefix,
    owner: k.owner,
    label: k.label,
    plan: k.plan,
    state: keyState(k, now),
    createdAt: k.createdAt.toISOString(),
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    replacedBy: k.replacedBy,
  };
}

export const planView = (p: Plan) => ({
  name: p.name,
  hourlyQuota: p.hourlyQuota,
  dailyQuota: p.dailyQuota,
  features: [...p.features],
});

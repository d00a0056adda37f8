import { Type } from 'typebox';
import { keyState, type ApiKeyRecord } from '../domain/api-key.ts';
import { FEATURE_NAME, PLAN_NAME, type Plan } from '../domain/plan.ts';
import { PREFIX_PATTERN } from '../client/key-format.ts';

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

/* Response schemas (success bodies; the kit adds the uniform error body for 4xx and 5xx). */
const Instant = Type.String({ format: 'date-time' });
const orNull = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const keyViewFields = {
  id: Uuid,
  prefix: Type.String({ pattern: PREFIX_PATTERN.source }),
  owner: Type.String(),
  label: orNull(Type.String()),
  plan: Type.String(),
  state: Type.Enum(['active', 'expired', 'revoked']),
  createdAt: Instant,
  expiresAt: orNull(Instant),
  revokedAt: orNull(Instant),
  replacedBy: orNull(Type.String()),
};
export const KeyViewResponse = Type.Object(keyViewFields, {
  additionalProperties: false,
  description: 'A key as listed: never its hash',
});

const issuedFields = {
  key: Type.String({ description: 'The API key itself, shown once' }),
  notice: Type.String(),
  ...keyViewFields,
};
export const IssuedKeyResponse = Type.Object(issuedFields, { additionalProperties: false });
export const RotatedKeyResponse = Type.Object(
  { ...issuedFields, previous: KeyViewResponse },
  { additionalProperties: false },
);
export const KeyListResponse = Type.Object(
  { keys: Type.Array(KeyViewResponse) },
  { additionalProperties: false },
);

export const UsageResponse = Type.Object(
  {
    keyId: Uuid,
    prefix: Type.String(),
    from: Day,
    to: Day,
    total: Type.String({
      pattern: '^\\d+$',
      description: 'A decimal string: counts never pass through a float',
    }),
    days: Type.Array(
      Type.Object(
        { day: Day, requests: Type.String({ pattern: '^\\d+$' }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const PlanResponse = Type.Object(
  {
    name: Type.String(),
    hourlyQuota: Type.Integer({ minimum: 1 }),
    dailyQuota: Type.Integer({ minimum: 1 }),
    features: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export const PlanListResponse = Type.Object(
  { plans: Type.Array(PlanResponse) },
  { additionalProperties: false },
);

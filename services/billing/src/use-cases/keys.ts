import { randomUUID } from 'node:crypto';
import { ZakError, notFound, validationError } from '@zakupai/errors';
import {
  keyState,
  MAX_OVERLAP_SECONDS,
  overlapEnd,
  type ApiKeyRecord,
  type KeyState,
} from '../domain/api-key.ts';
import type { Plan } from '../domain/plan.ts';
import { digestsEqual, generateApiKey, hashApiKey } from '../client/key-crypto.ts';
import { PREFIX_PATTERN, prefixOf } from '../client/key-format.ts';
import type { BillingStore, KeyFilter } from '../store/billing-store.ts';

export interface KeyDeps {
  store: BillingStore;
  /** The current API_KEY_PEPPER (read at call time, so a refreshed value applies). */
  pepper: () => string;
  now?: () => Date;
}

export interface IssuedKey {
  /** The plain key. Returned once, here, and never again. */
  key: string;
  record: ApiKeyRecord;
}

export interface CreateKeyInput {
  owner: string;
  plan: string;
  label?: string | undefined;
  expiresAt?: Date | undefined;
}

const now = (deps: { now?: () => Date }) => (deps.now ?? (() => new Date()))();

async function requirePlan(store: BillingStore, name: string): Promise<Plan> {
  const plan = await store.getPlan(name);
  if (!plan) throw validationError('plan', `plan ${JSON.stringify(name)} does not exist`);
  return plan;
}

export async function createKey(deps: KeyDeps, input: CreateKeyInput): Promise<IssuedKey> {
  await requirePlan(deps.store, input.plan);
  if (input.expiresAt && input.expiresAt.getTime() <= now(deps).getTime()) {
    throw validationError('expiresAt', 'expiresAt must be in the future');
  }
  const { key, prefix } = generateApiKey();
  const record = await deps.store.insertKey({
    id: randomUUID(),
    prefix,
    keyHash: hashApiKey(deps.pepper(), key),
    owner: input.owner,
    label: input.label ?? null,
    plan: input.plan,
    expiresAt: input.expiresAt ?? null,
  });
  return { key, record };
}

export async function listKeys(deps: KeyDeps, filter: KeyFilter): Promise<ApiKeyRecord[]> {
  return deps.store.listKeys(filter, now(deps));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A key is named by its id (uuid) or visible prefix. A whole key is accepted and reduced to its prefix,
 * so a pasted key still works and is never echoed; anything else is refused without repeating it.
 */
export function keyRef(input: string, field = 'id'): string {
  if (UUID.test(input) || PREFIX_PATTERN.test(input)) return input.toLowerCase();
  const prefix = prefixOf(input);
  if (prefix) return prefix;
  throw validationError(
    field,
    `${field} must be a key id (uuid) or a key prefix (zk_live_ and 12 characters)`,
  );
}

export async function requireKey(store: BillingStore, idOrPrefix: string): Promise<ApiKeyRecord> {
  const ref = keyRef(idOrPrefix);
  const key = await store.findKey(ref);
  if (!key) throw notFound('ZAK_KEY_NOT_FOUND', `no API key ${ref}`);
  return key;
}

/** Idempotent: revoking a revoked key returns it unchanged. */
export async function revokeKey(deps: KeyDeps, idOrPrefix: string): Promise<ApiKeyRecord> {
  const key = await requireKey(deps.store, idOrPrefix);
  return (await deps.store.revokeKey(key.id, now(deps)))!;
}

export interface RotatedKey extends IssuedKey {
  previous: ApiKeyRecord;
}

/** Issues a replacement with the same owner, plan and label; the old key keeps working for the overlap. */
export async function rotateKey(
  deps: KeyDeps,
  idOrPrefix: string,
  overlapSeconds: number,
): Promise<RotatedKey> {
  if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_OVERLAP_SECONDS) {
    throw validationError(
      'overlapSeconds',
      `overlapSeconds must be an integer from 0 to ${MAX_OVERLAP_SECONDS}`,
    );
  }
  const old = await requireKey(deps.store, idOrPrefix);
  const at = now(deps);
  const state = keyState(old, at);
  if (state !== 'active' || old.replacedBy) {
    throw new ZakError(
      'ZAK_KEY_NOT_ROTATABLE',
      'conflict',
      `API key ${old.prefix} is ${old.replacedBy ? 'already rotated' : state}`,
    );
  }
  const { key, prefix } = generateApiKey();
  const rotated = await deps.store.rotateKey(old.id, overlapEnd(old, at, overlapSeconds), {
    id: randomUUID(),
    prefix,
    keyHash: hashApiKey(deps.pepper(), key),
    owner: old.owner,
    label: old.label,
    plan: old.plan,
    expiresAt: null,
  });
  if (!rotated)
    throw new ZakError('ZAK_KEY_NOT_ROTATABLE', 'conflict', `API key ${old.prefix} changed while rotating`);
  return { key, record: rotated.next, previous: rotated.previous };
}

export type Verification =
  | { valid: true; key: ApiKeyRecord; plan: Plan }
  | { valid: false; reason: 'unknown' | Exclude<KeyState, 'active'> };

/**
 * Checks a key by its visible prefix and the peppered hash the gateway computed, so the plain key never
 * reaches billing. The hash comparison is constant-time; an unknown prefix still costs one comparison.
 */
export async function verifyKey(deps: KeyDeps, prefix: string, keyHash: string): Promise<Verification> {
  const found = await deps.store.findForVerify(prefix);
  const matches = digestsEqual(keyHash, found?.keyHash ?? '0'.repeat(64));
  if (!found || !matches) return { valid: false, reason: 'unknown' };
  const state = keyState(found.key, now(deps));
  if (state !== 'active') return { valid: false, reason: state };
  const plan = await deps.store.getPlan(found.key.plan);
  if (!plan) return { valid: false, reason: 'unknown' };
  return { valid: true, key: found.key, plan };
}

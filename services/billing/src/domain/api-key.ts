/** A stored API key, without any secret: the key itself is never kept, only its peppered hash. */
export interface ApiKeyRecord {
  id: string;
  prefix: string;
  owner: string;
  label: string | null;
  plan: string;
  createdAt: Date;
  /** Set by rotation (end of the overlap period) or at creation; null means no expiry. */
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** The key that replaced this one by rotation. */
  replacedBy: string | null;
}

export type KeyState = 'active' | 'expired' | 'revoked';

export function keyState(key: Pick<ApiKeyRecord, 'expiresAt' | 'revokedAt'>, now: Date): KeyState {
  if (key.revokedAt && key.revokedAt.getTime() <= now.getTime()) return 'revoked';
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** Longest overlap a rotation may grant the old key (30 days). */
export const MAX_OVERLAP_SECONDS = 30 * 24 * 3600;
export const DEFAULT_OVERLAP_SECONDS = 24 * 3600;

/** The old key stays valid until `now + overlap`, or its own earlier expiry. */
export function overlapEnd(key: Pick<ApiKeyRecord, 'expiresAt'>, now: Date, overlapSeconds: number): Date {
  const end = new Date(now.getTime() + overlapSeconds * 1000);
  return key.expiresAt && key.expiresAt.getTime() < end.getTime() ? key.expiresAt : end;
}

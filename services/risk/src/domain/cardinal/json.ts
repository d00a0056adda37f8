/** Defensive reads of parsed JSON: a release is untrusted input, so every field is checked before it is used. */
export type JsonObject = Readonly<Record<string, unknown>>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

export function asArray(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A finite JSON number (parsed JSON has no NaN or Infinity, but a caller's object might). */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The `id` of an organization reference, when it is a string (Cardinal ignores references without one). */
export function stringId(reference: unknown): string | undefined {
  return asString(asObject(reference)?.id);
}

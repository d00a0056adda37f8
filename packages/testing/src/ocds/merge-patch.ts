/**
 * RFC 7386 JSON Merge Patch, exactly as the RFC's section 2 pseudocode: an object patch merges member by member,
 * `null` deletes a member, and anything else (arrays included) replaces the target. Neither input is mutated.
 * Twelve lines do not justify a dependency; the RFC's appendix A examples are its tests.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

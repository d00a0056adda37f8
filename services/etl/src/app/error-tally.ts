/** Failed OWS attempts by entity and error type, so each run can report its own (the metric is process-wide). */
export class ErrorTally {
  readonly #counts = new Map<string, Record<string, number>>();

  record(type: string, entity: string): void {
    const m = this.#counts.get(entity) ?? {};
    m[type] = (m[type] ?? 0) + 1;
    this.#counts.set(entity, m);
  }

  snapshot(entity: string): Record<string, number> {
    return { ...(this.#counts.get(entity) ?? {}) };
  }

  /** What was recorded for `entity` since `before`. */
  since(entity: string, before: Record<string, number>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(this.#counts.get(entity) ?? {}))
      if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
    return out;
  }
}

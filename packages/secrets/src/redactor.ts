const MIN_LENGTH = 4;

/**
 * Replaces every registered secret value in text with `[REDACTED]`.
 * The secret store registers each value it loads; the logger and error paths run output through it.
 * Values shorter than 4 characters are not registered: they would redact ordinary words.
 */
export class Redactor {
  readonly #values = new Set<string>();
  #pattern: RegExp | undefined;

  add(value: string | undefined | null): void {
    if (typeof value !== 'string' || value.length < MIN_LENGTH || this.#values.has(value)) return;
    this.#values.add(value);
    // A URL-embedded password also shows up percent-encoded, and JSON output escapes quotes and slashes.
    for (const variant of [encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) {
      if (variant.length >= MIN_LENGTH) this.#values.add(variant);
    }
    this.#pattern = undefined;
  }

  addAll(values: Iterable<string>): void {
    for (const v of values) this.add(v);
  }

  redact(text: string): string {
    if (this.#values.size === 0) return text;
    this.#pattern ??= new RegExp(
      [...this.#values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.#pattern, '[REDACTED]');
  }
}

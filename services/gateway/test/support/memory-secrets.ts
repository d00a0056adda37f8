import type { SecretStatus, SecretStore } from '@zakupai/secrets';

/** An in-memory SecretStore for tests: `set()` changes values and notifies listeners like a refresh would. */
export class MemorySecrets<K extends string> implements SecretStore<K> {
  #values: Record<K, string>;
  readonly #listeners = new Set<(changed: readonly K[], store: SecretStore<K>) => void | Promise<void>>();

  constructor(values: Record<K, string>) {
    this.#values = { ...values };
  }

  get(key: K): string {
    const v = this.#values[key];
    if (v === undefined) throw new Error(`no secret ${key}`);
    return v;
  }

  snapshot(): Readonly<Record<K, string>> {
    return Object.freeze({ ...this.#values });
  }

  onChange(listener: (changed: readonly K[], store: SecretStore<K>) => void | Promise<void>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  status(): SecretStatus {
    return { state: 'fresh', source: 'file', lastSuccess: new Date() };
  }

  async refresh(): Promise<void> {}

  async close(): Promise<void> {}

  async set(values: Partial<Record<K, string>>): Promise<void> {
    const changed = (Object.keys(values) as K[]).filter((k) => values[k] !== this.#values[k]);
    this.#values = { ...this.#values, ...values } as Record<K, string>;
    for (const l of this.#listeners) await l(changed, this);
  }
}

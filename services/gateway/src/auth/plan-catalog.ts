import { DEFAULT_PLANS } from '@zakupai/billing/client';
import type { Billing, PlanView } from '../billing/billing-client.ts';

/**
 * Plans by name, for principals that arrive with a JWT (an API key's plan comes with its verification).
 * Refreshed from billing at most every `ttlMs`; while billing cannot answer, the last known plans (at
 * first, the built-in defaults) apply.
 */
export class PlanCatalog {
  #plans = new Map<string, PlanView>(DEFAULT_PLANS.map((p) => [p.name, { ...p, features: [...p.features] }]));
  #fetchedAt = -Infinity;
  #refreshing: Promise<void> | undefined;

  constructor(
    private readonly billing: Billing,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The named plan, or the free plan when the name is unknown. */
  async get(name: string): Promise<PlanView> {
    if (this.now() - this.#fetchedAt > this.ttlMs) {
      this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = undefined));
      await this.#refreshing;
    }
    return this.#plans.get(name) ?? this.#plans.get('free')!;
  }

  async #refresh(): Promise<void> {
    try {
      const plans = await this.billing.plans();
      this.#plans = new Map(plans.map((p) => [p.name, p]));
    } catch {
      // Keep the last known plans; try again after a short pause instead of on every request.
    }
    this.#fetchedAt = this.now();
  }
}

import type { RefItem } from '@zakupai/goszakup';

/** The reference lists the rules read (trade methods, statuses, RNU reasons); their ids are never assumed in code. */
export const REF_NAMES = [
  'ref_trade_methods',
  'ref_buy_status',
  'ref_lots_status',
  'ref_contract_status',
  'ref_reason',
] as const;

export interface RefsDeps {
  load(name: string, signal?: AbortSignal): Promise<RefItem[]>;
  save(name: string, items: RefItem[]): Promise<number>;
}

export interface RefsResult {
  loaded: Record<string, number>;
  failed: Record<string, string>;
}

/** Loads each list into `goszakup.refs`; one list that fails does not stop the others (nor the entity syncs). */
export async function syncRefs(
  deps: RefsDeps,
  names: readonly string[] = REF_NAMES,
  signal?: AbortSignal,
): Promise<RefsResult> {
  const out: RefsResult = { loaded: {}, failed: {} };
  for (const name of names) {
    try {
      const items = await deps.load(name, signal);
      await deps.save(name, items);
      out.loaded[name] = items.length;
    } catch (e) {
      out.failed[name] = (e as { code?: string }).code ?? (e as Error).name;
    }
  }
  return out;
}

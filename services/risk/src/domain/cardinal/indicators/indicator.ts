import type { Evidence } from '../../outcome.ts';
import type { CardinalContext } from '../context.ts';
import type { ReleaseView } from '../release-view.ts';
import type { CardinalFlag, IndicatorReport, Localized, ProcessOutcome } from '../result.ts';
import type { SecondLowest } from '../second-lowest-bid.ts';
import type { IndicatorCode, IndicatorSettings } from '../settings.ts';
import type { Fraction } from '../rational.ts';

export interface IndicatorInput<C extends IndicatorCode> {
  /** The releases left after the global exclusions (string ocid, tender not cancelled, [exclusions]). */
  releases: readonly ReleaseView[];
  ctx: CardinalContext;
  settings: IndicatorSettings[C];
  /** R024 and R058 share the winner/second-lowest comparison of each process. */
  secondLowest: () => ReadonlyMap<string, SecondLowest>;
}

export type Indicator<C extends IndicatorCode> = (input: IndicatorInput<C>) => IndicatorReport;

export function notApplicable(
  indicator: IndicatorCode,
  reason: string,
  evidence: Evidence = {},
): ProcessOutcome {
  return { indicator, status: 'not_applicable', reason, evidence, threshold: {} };
}

export function clear(
  indicator: IndicatorCode,
  reason: string,
  evidence: Evidence,
  threshold: Evidence,
): ProcessOutcome {
  return { indicator, status: 'clear', reason, evidence, threshold };
}

export function flagged(
  indicator: IndicatorCode,
  reason: string,
  evidence: Evidence,
  threshold: Evidence,
): ProcessOutcome {
  return { indicator, status: 'flagged', reason, evidence, threshold };
}

/** The result for one contracting process (group OCID). */
export function processFlag(
  indicator: IndicatorCode,
  ocid: string,
  value: Fraction,
  evidence: Evidence,
  threshold: Evidence,
  explanation: Localized,
): CardinalFlag {
  return { indicator, group: 'OCID', id: ocid, value, evidence, threshold, explanation, ocids: [ocid] };
}

/**
 * Tenderer results that Cardinal derives from flagged processes (value 0.0 or 1.0): one flag per tenderer, with
 * every process and the role it had there.
 */
export class TendererFlags {
  private readonly seen = new Map<string, { ocids: string[]; roles: string[] }>();

  add(tenderer: string, ocid: string, role: string): void {
    const entry = this.seen.get(tenderer) ?? { ocids: [], roles: [] };
    if (!entry.ocids.includes(ocid)) entry.ocids.push(ocid);
    entry.roles.push(`${ocid}: ${role}`);
    this.seen.set(tenderer, entry);
  }

  flags(
    indicator: IndicatorCode,
    value: Fraction,
    explain: (ocids: readonly string[], roles: readonly string[]) => Localized,
  ): CardinalFlag[] {
    return [...this.seen].map(([id, { ocids, roles }]) => ({
      indicator,
      group: 'Tenderer' as const,
      id,
      value,
      evidence: { processes: ocids, roles },
      threshold: { flaggedProcess: `${indicator} on the process` },
      explanation: explain(ocids, roles),
      ocids,
    }));
  }
}

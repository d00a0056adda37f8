import type { RuleFinding } from './outcome.ts';

/** A rule's finding under one assumed value of a fact the lot leaves unknown. */
export interface Case {
  /** The assumption, as shown in the evidence ("repeat: true", "subject other, VAT 16%"). */
  assumed: string;
  finding: RuleFinding;
}

/**
 * A rule's verdict when a fact it needs is unknown (unknown is not absent): the rule runs under every value the
 * fact may take, and the lot is flagged only when it is flagged under every one of them, at the least of their
 * severities (the flag holds whatever the fact is, and weighs no more than it must); it is clear only when it is
 * clear under every one; otherwise the rule is not evaluable, and says on what it depends. One case is returned
 * as it is.
 */
export function underEvery(cases: readonly Case[], unknown: string): RuleFinding {
  const [first] = cases;
  if (!first) throw new Error('underEvery needs at least one case');
  if (cases.length === 1) return first.finding;
  const assumed = cases.map((c) => c.assumed);
  const flagged = cases.filter((c) => c.finding.status === 'flagged');
  const clear = cases.filter((c) => c.finding.status === 'clear');
  if (flagged.length === cases.length) {
    const severity = (c: Case) => (c.finding.status === 'flagged' ? c.finding.severity : null);
    const least = flagged.reduce((a, b) => (severity(b)!.lt(severity(a)!) ? b : a));
    const f = least.finding;
    if (f.status !== 'flagged') throw new Error('unreachable');
    return {
      ...f,
      evidence: { ...f.evidence, unknown, heldUnder: assumed, leastUnder: least.assumed },
      reason: `${f.reason} (whatever the ${unknown}: flagged under ${assumed.join('; ')})`,
    };
  }
  if (clear.length === cases.length) {
    const f = first.finding;
    if (f.status !== 'clear') throw new Error('unreachable');
    return { ...f, evidence: { ...f.evidence, unknown, heldUnder: assumed } };
  }
  const notApplicable = cases.filter((c) => c.finding.status === 'not_applicable');
  if (notApplicable.length === cases.length) return first.finding;
  const list = (cs: readonly Case[]) => (cs.length ? cs.map((c) => c.assumed).join('; ') : 'none');
  return {
    status: 'not_applicable',
    reason: `the ${unknown} is unknown and decides the outcome: flagged under ${list(flagged)}; clear under ${list(clear)}; not evaluable under ${list(notApplicable)}`,
    evidence: { ...(first.finding.evidence ?? {}), unknown, flaggedUnder: flagged.map((c) => c.assumed) },
  };
}

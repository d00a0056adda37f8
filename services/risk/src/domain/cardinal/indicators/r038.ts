import { fenceOf } from '../fences.ts';
import { localized, num } from '../localize.ts';
import { decimalText, fraction, isPositive, type Fraction } from '../rational.ts';
import { submittedBids } from '../release-view.ts';
import type { CardinalFlag, CardinalGroup, CardinalMaps } from '../result.ts';
import type { Indicator } from './indicator.ts';

type Group = Extract<CardinalGroup, 'Buyer' | 'ProcuringEntity' | 'Tenderer'>;

interface Tally {
  disqualified: number;
  submitted: number;
  ocids: Set<string>;
}

/**
 * R038 excessive disqualified bids (docs/cli/indicators/R/038.md): per buyer, procuring entity and tenderer, ratio
 * = disqualified / submitted bids across all processes; flagged when ≥ the upper fence Q3 + 1.5·IQR of the ratios
 * in its group, or ≥ `threshold`; nothing is flagged unless the fence > 0. Organizations with fewer submitted bids
 * than the minimum are left out of the fence and the flags: `minimum_submitted_bids` (2) for tenderers,
 * `minimum_contracting_processes` (2) for buyers and procuring entities — which Cardinal compares with the number
 * of submitted bids too (its code and its own demonstration: one process with two bids passes). Output: the ratio.
 */
export const r038: Indicator<'R038'> = ({ releases, settings }) => {
  const tallies: Record<Group, Map<string, Tally>> = {
    Buyer: new Map(),
    ProcuringEntity: new Map(),
    Tenderer: new Map(),
  };
  const maps: Partial<CardinalMaps> = { ocid_buyer_r038: new Map(), ocid_procuringentity_r038: new Map() };
  const add = (group: Group, id: string, ocid: string, disqualified: number, submitted: number) => {
    const t = tallies[group].get(id) ?? { disqualified: 0, submitted: 0, ocids: new Set() };
    t.disqualified += disqualified;
    t.submitted += submitted;
    t.ocids.add(ocid);
    tallies[group].set(id, t);
  };
  for (const view of releases) {
    const bids = submittedBids(view);
    if (bids.length === 0) continue;
    let disqualified = 0;
    for (const bid of bids) {
      const d = bid.status === 'disqualified' ? 1 : 0;
      disqualified += d;
      for (const id of bid.tendererIds) add('Tenderer', id, view.ocid, d, 1);
    }
    if (view.buyerId !== undefined) {
      add('Buyer', view.buyerId, view.ocid, disqualified, bids.length);
      if (disqualified > 0) maps.ocid_buyer_r038!.set(view.ocid, new Set([view.buyerId]));
    }
    if (view.procuringEntityId !== undefined) {
      add('ProcuringEntity', view.procuringEntityId, view.ocid, disqualified, bids.length);
      if (disqualified > 0) maps.ocid_procuringentity_r038!.set(view.ocid, new Set([view.procuringEntityId]));
    }
  }
  const meta: Record<string, Fraction | null> = {};
  const flags: CardinalFlag[] = [];
  for (const group of ['Buyer', 'ProcuringEntity', 'Tenderer'] as const) {
    const minimum =
      group === 'Tenderer' ? settings.minimumSubmittedBids : settings.minimumContractingProcesses;
    const kept = [...tallies[group]].filter(([, t]) => t.submitted >= minimum);
    if (kept.length === 0) continue;
    const ratios = new Map(kept.map(([id, t]) => [id, fraction(t.disqualified, t.submitted)]));
    const { fence } = fenceOf([...ratios.values()], settings.threshold, 'upper', meta, `${group}_`);
    meta[`${group}_upper_fence`] = fence;
    if (!isPositive(fence)) continue;
    const threshold = {
      upperFence: decimalText(fence!),
      source: settings.threshold ? 'R038.threshold' : `Q3 + 1.5·IQR of the ${kept.length} ${group} ratios`,
      minimumSubmittedBids: minimum,
    };
    for (const [id, t] of kept) {
      const ratio = ratios.get(id)!;
      if (ratio.lt(fence!)) continue;
      flags.push({
        indicator: 'R038',
        group,
        id,
        value: ratio,
        evidence: {
          disqualifiedBids: t.disqualified,
          submittedBids: t.submitted,
          processes: t.ocids.size,
          ratio: decimalText(ratio),
        },
        threshold,
        ocids: [...t.ocids],
        explanation: localized((l) => explain(group, l, t, ratio, fence!)),
      });
    }
  }
  return { flags, meta, maps };
};

const WHO: Record<Group, { en: string; ru: string; kk: string }> = {
  Buyer: { en: 'buyers', ru: 'заказчиков', kk: 'тапсырыс берушілер' },
  ProcuringEntity: { en: 'procuring entities', ru: 'организаторов', kk: 'ұйымдастырушылар' },
  Tenderer: { en: 'tenderers', ru: 'участников', kk: 'қатысушылар' },
};

function explain(group: Group, l: 'en' | 'ru' | 'kk', t: Tally, ratio: Fraction, fence: Fraction): string {
  const r = num(ratio, l);
  const f = num(fence, l);
  const n = t.ocids.size;
  if (group === 'Tenderer') {
    return l === 'en'
      ? `${t.disqualified} of its ${t.submitted} submitted bids (in ${n} processes) were disqualified: a ratio of ${r}, at or above the upper fence ${f} among ${WHO[group].en}.`
      : l === 'ru'
        ? `Отклонено ${t.disqualified} из ${t.submitted} его заявок (в ${n} процедурах): доля ${r} не ниже верхней границы ${f} среди ${WHO[group].ru}.`
        : `Оның ${n} рәсімдегі ${t.submitted} өтінімінің ${t.disqualified}-і қабылданбады: үлесі ${r}, ${WHO[group].kk} арасындағы жоғарғы шектен ${f} кем емес.`;
  }
  return l === 'en'
    ? `Disqualified ${t.disqualified} of the ${t.submitted} bids submitted to it (in ${n} processes): a ratio of ${r}, at or above the upper fence ${f} among ${WHO[group].en}.`
    : l === 'ru'
      ? `Отклонил ${t.disqualified} из ${t.submitted} поданных ему заявок (в ${n} процедурах): доля ${r} не ниже верхней границы ${f} среди ${WHO[group].ru}.`
      : `Өзіне ${n} рәсімде берілген ${t.submitted} өтінімнің ${t.disqualified}-ін қабылдамады: үлесі ${r}, ${WHO[group].kk} арасындағы жоғарғы шектен ${f} кем емес.`;
}

import { D, formatDecimal } from '@zakupai/domain';
import type { LotContext } from '../context.ts';
import { addDays } from '../dates.ts';
import type { Lot } from '../lot.ts';
import type { RuleFinding } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';
import { graded } from '../severity.ts';
import { explain } from '../explanations.ts';

const SHARE_PLACES = 4;

/**
 * The awarded supplier's share of the customer's awarded lots dated within `windowDays` up to the award date
 * (this lot included, each lot counted once), above `share`. Too few lots in the window: not applicable.
 */
export function repeatedWinner(lot: Lot, ctx: LotContext, cfg: RuleConfigOf<'repeated_winner'>): RuleFinding {
  if (lot.award === undefined) return { status: 'not_applicable', reason: 'the award is unknown' };
  if (lot.award === null) return { status: 'not_applicable', reason: 'the lot has no awarded supplier' };
  const { supplierBin, date } = lot.award;
  const from = addDays(date, -cfg.windowDays);
  const winners = new Map<string, string>([[lot.id, supplierBin]]);
  for (const a of ctx.awards) {
    if (a.customerBin !== lot.customerBin || a.date < from || a.date > date || winners.has(a.lotId)) continue;
    winners.set(a.lotId, a.supplierBin);
  }
  const total = winners.size;
  const wins = [...winners.values()].filter((bin) => bin === supplierBin).length;
  const evidence = { supplierBin, customerBin: lot.customerBin, from, to: date, wins, lots: total };
  if (total < cfg.minLots) {
    return {
      status: 'not_applicable',
      reason: `${total} awarded lots in the window, fewer than the minimum of ${cfg.minLots}`,
      evidence,
    };
  }
  const share = D(wins).dividedBy(total);
  const shown = { ...evidence, share: formatDecimal(share.toDecimalPlaces(SHARE_PLACES)) };
  const threshold = { share: formatDecimal(cfg.share), windowDays: cfg.windowDays, minLots: cfg.minLots };
  if (share.lte(cfg.share)) {
    return { status: 'clear', evidence: shown, threshold, reason: `won ${wins} of ${total} lots` };
  }
  return {
    status: 'flagged',
    severity: graded(cfg.floor, share.minus(cfg.share).dividedBy(D(1).minus(cfg.share))),
    evidence: shown,
    threshold,
    reason: `won ${wins} of the customer's ${total} lots in ${cfg.windowDays} days, above a share of ${formatDecimal(cfg.share)}`,
    explain: explain('repeated_winner', 'repeated_winner', {
      wins,
      lots: total,
      windowDays: cfg.windowDays,
      share: formatDecimal(cfg.share),
    }),
  };
}

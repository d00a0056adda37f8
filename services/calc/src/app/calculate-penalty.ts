import {
  CONTRACT_TYPES,
  PENALTY_PARTIES,
  computePenalty,
  formatDecimal,
  formatMoney,
  parseMoney,
  parseOneOf,
  parsePercent,
} from '@zakupai/domain';
import type { CalcContext } from './calc-context.ts';
import { optionalMoney } from './optional.ts';
import { parseDays } from './parse-days.ts';

export interface PenaltyRequest {
  contract_sum: unknown;
  days_overdue: unknown;
  performed_sum?: unknown;
  overdue_amount?: unknown;
  contract_type: unknown;
  party: unknown;
  daily_rate_pct?: unknown;
  cap_pct?: unknown;
}

export type PenaltyResponse = {
  penalty: string;
  capped: boolean;
  cap: string;
  cap_pct: string;
  daily_rate_pct: string;
  base: string;
  basis: string;
};

/** POST /penalty: late-performance penalty for the supplier or late-payment penalty for the customer; records it. */
export async function calculatePenalty(req: PenaltyRequest, ctx: CalcContext): Promise<PenaltyResponse> {
  const contractSum = parseMoney(req.contract_sum, 'contract_sum');
  const daysOverdue = parseDays(req.days_overdue, 'days_overdue');
  const contractType = parseOneOf(req.contract_type, CONTRACT_TYPES, 'contract_type');
  const party = parseOneOf(req.party, PENALTY_PARTIES, 'party');
  const performedSum = optionalMoney(req.performed_sum, 'performed_sum');
  const overdueAmount = optionalMoney(req.overdue_amount, 'overdue_amount');
  const dailyRatePct =
    req.daily_rate_pct === undefined ? undefined : parsePercent(req.daily_rate_pct, 'daily_rate_pct');
  const capPct = req.cap_pct === undefined ? undefined : parsePercent(req.cap_pct, 'cap_pct');
  const p = computePenalty({
    contractSum,
    daysOverdue,
    contractType,
    party,
    ...(performedSum ? { performedSum } : {}),
    ...(overdueAmount ? { overdueAmount } : {}),
    ...(dailyRatePct ? { dailyRatePct } : {}),
    ...(capPct ? { capPct } : {}),
  });
  const out: PenaltyResponse = {
    penalty: formatMoney(p.penalty),
    capped: p.capped,
    cap: formatMoney(p.cap),
    cap_pct: formatDecimal(p.capPct),
    daily_rate_pct: formatDecimal(p.dailyRatePct),
    base: formatMoney(p.base),
    basis: p.basis,
  };
  const inputs = {
    contract_sum: formatMoney(contractSum),
    days_overdue: daysOverdue,
    performed_sum: performedSum ? formatMoney(performedSum) : null,
    overdue_amount: overdueAmount ? formatMoney(overdueAmount) : null,
    contract_type: contractType,
    party,
    daily_rate_pct: dailyRatePct ? formatDecimal(dailyRatePct) : null,
    cap_pct: capPct ? formatDecimal(capPct) : null,
  };
  await ctx.repo.save({
    kind: 'penalty',
    inputs,
    outputs: out,
    requestId: ctx.requestId,
    createdAt: ctx.now(),
  });
  return out;
}

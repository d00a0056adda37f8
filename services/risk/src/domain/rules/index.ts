import type { LotContext } from '../context.ts';
import type { Lot } from '../lot.ts';
import type { RuleFinding, RuleId } from '../outcome.ts';
import type { RuleConfigOf } from '../rules-config.ts';
import { antiDumping } from './anti-dumping.ts';
import { contractSplitting } from './contract-splitting.ts';
import { failedProcurement } from './failed-procurement.ts';
import { missingPlanLink } from './missing-plan-link.ts';
import { priceAboveMarket } from './price-above-market.ts';
import { repeatedWinner } from './repeated-winner.ts';
import { shortTenderPeriod } from './short-tender-period.ts';
import { singleParticipant } from './single-participant.ts';
import { supplierInRnu } from './supplier-in-rnu.ts';

export type Rule<R extends RuleId> = (lot: Lot, ctx: LotContext, cfg: RuleConfigOf<R>) => RuleFinding;

/** Every rule, in the order outcomes are reported. */
export const RULES: { [R in RuleId]: Rule<R> } = {
  short_tender_period: shortTenderPeriod,
  price_above_market: priceAboveMarket,
  anti_dumping: antiDumping,
  supplier_in_rnu: supplierInRnu,
  single_participant: singleParticipant,
  failed_procurement: failedProcurement,
  repeated_winner: repeatedWinner,
  contract_splitting: contractSplitting,
  missing_plan_link: missingPlanLink,
};

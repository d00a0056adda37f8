import { formatDecimal, formatMoney, type Security } from '@zakupai/domain';

export type SecurityDto = {
  pct: string;
  amount: string;
  basis: string;
};

export function presentSecurity(s: Security): SecurityDto {
  return { pct: formatDecimal(s.pct), amount: formatMoney(s.amount), basis: s.basis };
}

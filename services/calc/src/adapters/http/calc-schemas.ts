import { Type } from 'typebox';
import {
  CONTRACT_TYPES,
  PENALTY_PARTIES,
  PROCUREMENT_METHODS,
  PROCUREMENT_SUBJECTS,
  VAT_CATEGORIES,
} from '@zakupai/domain';
import { HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT } from '../../app/calc-history.ts';
import { MAX_OFFERS } from '../../app/check-anti-dumping.ts';
import { CALC_KINDS } from '../../domain/calculation.ts';

/*
 * Request schemas. Money and percentages are declared without a JSON type on purpose: the kit's Ajv coerces
 * types (true → 1), and money must be read strictly, so `parseMoney`/`parsePercent` check them and name the field.
 */
const money = (description: string) =>
  Type.Unknown({
    description: `${description}. A number or a decimal string such as "1234.50": ≥ 0, ≤ 10^15, at most 2 decimals`,
  });
const percent = (description: string) =>
  Type.Unknown({ description: `${description}, in percent ("16" means 16%)` });
const isoDate = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD)` });

const vatRateFields = {
  date: Type.Optional(isoDate('Turnover date that selects the VAT rate; default today in Asia/Almaty')),
  category: Type.Optional(Type.Enum([...VAT_CATEGORIES], { description: 'VAT category; default general' })),
  vat_rate: Type.Optional(percent('Explicit VAT rate, 0–100; overrides date and category')),
};

export const VatBody = Type.Object(
  {
    amount: money('Amount to split'),
    include_vat: Type.Optional(Type.Boolean({ description: 'Whether amount includes VAT; default true' })),
    ...vatRateFields,
  },
  { additionalProperties: false },
);

export const MarginBody = Type.Object(
  {
    lot_price: money('Price the supplier is paid (the contract sum)'),
    cost: money('Cost without VAT'),
    logistics: Type.Optional(money('Logistics cost without VAT')),
    other_costs: Type.Optional(money('Other costs without VAT')),
    allocated_amount: Type.Optional(
      money(
        'Sum allocated for the lot without VAT (base of the bid security); default lot price without VAT',
      ),
    ),
    price_includes_vat: Type.Optional(
      Type.Boolean({ description: 'Whether lot_price includes VAT; default true' }),
    ),
    method: Type.Optional(
      Type.Enum([...PROCUREMENT_METHODS], { description: 'Procurement method; default tender' }),
    ),
    ...vatRateFields,
  },
  { additionalProperties: false },
);

export const PenaltyBody = Type.Object(
  {
    contract_sum: money('Contract sum'),
    days_overdue: Type.Unknown({ description: 'Whole days of delay, 0–36500' }),
    performed_sum: Type.Optional(money('Supplier only: part already performed')),
    overdue_amount: Type.Optional(money('Customer only: the late payment; default the contract sum')),
    contract_type: Type.Enum([...CONTRACT_TYPES]),
    party: Type.Enum([...PENALTY_PARTIES]),
    daily_rate_pct: Type.Optional(percent('Penalty a day; default 0.1')),
    cap_pct: Type.Optional(
      percent('Cap as a share of the contract sum; default 15 (supplier) or 10 (customer)'),
    ),
  },
  { additionalProperties: false },
);

export const AntiDumpingBody = Type.Object(
  {
    method: Type.Enum([...PROCUREMENT_METHODS]),
    subject: Type.Enum([...PROCUREMENT_SUBJECTS]),
    reference_price: Type.Optional(
      money('Allocated or estimate price without VAT; required except for eshop and auction'),
    ),
    bid_price: money('The bid without VAT'),
    offers: Type.Optional(
      Type.Array(money('An offer without VAT'), {
        maxItems: MAX_OFFERS,
        description: 'eshop: all offers for the good',
      }),
    ),
    date: vatRateFields.date,
    category: vatRateFields.category,
    vatPayer: Type.Optional(
      Type.Boolean({
        description:
          'Whether the supplier pays VAT, so the contract sum (the performance security base) includes it; default true',
      }),
    ),
  },
  { additionalProperties: false },
);

export const HistoryQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: HISTORY_MAX_LIMIT, default: HISTORY_DEFAULT_LIMIT }),
    ),
  },
  { additionalProperties: false },
);

/*
 * Response schemas (success bodies; the kit adds the uniform error body for 4xx and 5xx). Money is a string with
 * exactly two decimals, rates and percentages exact decimal strings: decimals never travel as binary floats.
 */
const moneyOut = Type.String({ pattern: '^-?\\d+\\.\\d{2}$' });
const decimalOut = Type.String({ pattern: '^-?\\d+(\\.\\d+)?$' });
const dateOut = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const VatResponse = Type.Object(
  {
    base: moneyOut,
    vat: moneyOut,
    total: moneyOut,
    vat_rate: decimalOut,
    rate_basis: Type.String(),
    date: dateOut,
    category: Type.Enum([...VAT_CATEGORIES]),
    include_vat: Type.Boolean(),
  },
  { additionalProperties: false },
);

const Security = Type.Object(
  { pct: decimalOut, amount: moneyOut, basis: Type.String() },
  { additionalProperties: false },
);

export const MarginResponse = Type.Object(
  {
    revenue_gross: moneyOut,
    revenue_net: moneyOut,
    cost_total: moneyOut,
    profit: moneyOut,
    margin_pct: nullable(moneyOut),
    roi_pct: nullable(moneyOut),
    break_even_price: moneyOut,
    vat_rate: decimalOut,
    rate_basis: Type.String(),
    date: dateOut,
    method: Type.Enum([...PROCUREMENT_METHODS]),
    securities: Type.Object(
      { bid_security: nullable(Security), performance_security: Security },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const PenaltyResponse = Type.Object(
  {
    penalty: moneyOut,
    capped: Type.Boolean(),
    cap: moneyOut,
    cap_pct: decimalOut,
    daily_rate_pct: decimalOut,
    base: moneyOut,
    basis: Type.String(),
  },
  { additionalProperties: false },
);

export const AntiDumpingResponse = Type.Object(
  {
    threshold_pct: nullable(decimalOut),
    min_price: nullable(moneyOut),
    is_dumping: Type.Boolean(),
    allowed: Type.Boolean(),
    anti_dumping_sum: moneyOut,
    performance_security: moneyOut,
    performance_security_pct: decimalOut,
    contractSum: moneyOut,
    vatRate: nullable(decimalOut),
    reference_price: nullable(moneyOut),
    basis: Type.String(),
  },
  { additionalProperties: false },
);

export const HistoryResponse = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          kind: Type.Enum([...CALC_KINDS]),
          inputs: Type.Object({}, { additionalProperties: true, description: 'The normalised inputs' }),
          outputs: Type.Object(
            {},
            { additionalProperties: true, description: 'The body the client received' },
          ),
          request_id: Type.String(),
          created_at: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: HISTORY_MAX_LIMIT },
    ),
  },
  { additionalProperties: false },
);

import { Type } from 'typebox';
import { PROCUREMENT_SUBJECTS, VAT_CATEGORIES } from '@zakupai/domain';
import { LOT_METHODS } from '../../domain/lot.ts';
import { MAX_BATCH } from '../../app/score-lots.ts';
import { RISK_LEVELS, RULE_IDS } from '../../domain/outcome.ts';

/*
 * Request schemas, for validation of shape and for /openapi.json. Money is declared without a JSON type on
 * purpose (the kit's Ajv coerces types): `parseMoney` reads it strictly and names the field. BIN/IIN check digits,
 * dates and cross-field rules are checked by the lot parser.
 */
const money = (description: string) =>
  Type.Unknown({ description: `${description}. A number or a decimal string such as "1234.50" (KZT)` });
const isoDate = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (YYYY-MM-DD)` });
const bin = (description: string) =>
  Type.String({ pattern: '^\\d{12}$', description: `${description}: 12-digit BIN/IIN` });
// Null first: the kit's Ajv coerces types, and tried first the other branch would turn null into 0 or [null].
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Optional(Type.Union([Type.Null(), t]));

/*
 * Unknown is not absent: an omitted optional field is unknown, and a rule that needs it is not evaluable; only an
 * explicit null (or an empty list or text) says "none".
 */
export const LotBody = Type.Object(
  {
    id: Type.Union([Type.String(), Type.Integer({ minimum: 1 })], {
      description: 'Lot id (the Goszakup lot id)',
    }),
    customerBin: bin('Customer'),
    method: Type.Enum([...LOT_METHODS]),
    subject: Type.Optional(Type.Enum([...PROCUREMENT_SUBJECTS], { description: 'Default other' })),
    repeat: Type.Optional(Type.Boolean({ description: 'A repeat procurement; default false' })),
    finYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
    bidWindow: nullable(
      Type.Object(
        { start: isoDate('Posting date'), end: isoDate('Bid deadline') },
        { additionalProperties: false },
      ),
    ),
    item: nullable(
      Type.Object(
        {
          code: Type.String({ description: 'KTRU/ENSTRU code' }),
          unit: Type.String({ description: 'Unit of measure' }),
          quantity: Type.Unknown({ description: 'Quantity, above 0' }),
          unitPrice: money('Unit price without VAT'),
        },
        { additionalProperties: false },
      ),
    ),
    allocatedAmount: money('Amount allocated for the lot, without VAT'),
    participants: nullable(Type.Integer({ minimum: 0, description: 'Bids received' })),
    offers: nullable(Type.Array(money('An e-shop offer without VAT'), { maxItems: 10_000 })),
    award: nullable(
      Type.Object(
        {
          supplierBin: bin('Winning or single-source supplier'),
          date: isoDate('Date the price was fixed (contract signing); VAT and RNU are taken on it'),
          price: money('Awarded price'),
          priceIncludesVat: Type.Boolean(),
          vatCategory: nullable(
            Type.Enum([...VAT_CATEGORIES], { description: 'Null: general VAT; omitted: unknown' }),
          ),
          turnoverDate: Type.Optional(
            isoDate('Turnover (delivery) date, whose VAT rate nets the price; omitted: unknown'),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    planPointId: nullable(Type.String({ description: 'Annual plan point id' })),
    marketUnitPrices: nullable(
      Type.Array(money('A unit price without VAT for the same code and unit'), {
        maxItems: 10_000,
        description: 'Market sample; default: other scored lots with the same code and unit',
      }),
    ),
  },
  { additionalProperties: false },
);

export const BatchBody = Type.Object(
  { lots: Type.Array(LotBody, { minItems: 1, maxItems: MAX_BATCH }) },
  { additionalProperties: false },
);

export const LotParams = Type.Object({ id: Type.String({ description: 'Lot id' }) });
export const BinParams = Type.Object({
  bin: Type.String({ description: 'BIN/IIN, 12 digits with a valid check digit' }),
});
export const RnuQuery = Type.Object(
  {
    asOf: Type.Optional(
      Type.String({ description: 'Date to check (YYYY-MM-DD); default today in Asia/Almaty' }),
    ),
  },
  { additionalProperties: false },
);

/*
 * Response schemas (success bodies; the kit adds the uniform error body for 4xx and 5xx). Decimals are strings.
 */
const dateOut = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const moneyOut = Type.String({ pattern: '^\\d+\\.\\d{2}$' });
const decimalOut = Type.String({ pattern: '^-?\\d+(\\.\\d+)?$' });
const orNull = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const RuleId = Type.Enum([...RULE_IDS]);
const Figures = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null(), Type.Array(Type.String())]),
  { description: 'Named figures: exact decimals as strings' },
);

const Summary = {
  lotId: Type.String(),
  evaluationId: Type.String(),
  evaluatedAt: Type.String({ format: 'date-time' }),
  rulesVersion: Type.String(),
  asOf: dateOut,
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  level: Type.Enum([...RISK_LEVELS]),
  flags: Type.Array(RuleId, { description: 'The flagged rules, in rule order' }),
};

export const SummaryResponse = Type.Object(Summary, { additionalProperties: false });

export const ExplanationResponse = Type.Object(
  {
    ...Summary,
    outcomes: Type.Array(
      Type.Object(
        {
          rule: RuleId,
          status: Type.Enum(['flagged', 'clear', 'not_applicable']),
          weight: Type.Number({ minimum: 0 }),
          severity: decimalOut,
          points: decimalOut,
          evidence: Figures,
          threshold: Figures,
          reason: Type.String(),
          explanation: orNull(
            Type.Object(
              { ru: Type.String(), kk: Type.String(), en: Type.String() },
              { additionalProperties: false, description: 'A flag explained in Russian, Kazakh and English' },
            ),
          ),
          basis: orNull(
            Type.Object(
              { ru: Type.String(), kk: Type.Optional(Type.String()), en: Type.String() },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const BatchResponse = Type.Object(
  { count: Type.Integer({ minimum: 1 }), results: Type.Array(SummaryResponse) },
  { additionalProperties: false },
);

const StoredLot = Type.Object(
  {
    id: Type.String(),
    customerBin: Type.String({ pattern: '^\\d{12}$' }),
    method: orNull(Type.Enum([...LOT_METHODS], { description: 'Null when unknown (a stored lot)' })),
    subject: Type.Optional(Type.Enum([...PROCUREMENT_SUBJECTS])),
    repeat: Type.Optional(Type.Boolean()),
    finYear: Type.Integer(),
    bidWindow: Type.Optional(
      orNull(Type.Object({ start: dateOut, end: dateOut }, { additionalProperties: false })),
    ),
    item: Type.Optional(
      orNull(
        Type.Object(
          { code: Type.String(), unit: Type.String(), quantity: decimalOut, unitPrice: moneyOut },
          { additionalProperties: false },
        ),
      ),
    ),
    allocatedAmount: moneyOut,
    participants: orNull(Type.Integer({ minimum: 0 })),
    offers: Type.Optional(orNull(Type.Array(moneyOut))),
    award: Type.Optional(
      orNull(
        Type.Object(
          {
            supplierBin: Type.String({ pattern: '^\\d{12}$' }),
            date: dateOut,
            price: moneyOut,
            priceIncludesVat: Type.Boolean(),
            vatCategory: Type.Optional(orNull(Type.Enum([...VAT_CATEGORIES]))),
            turnoverDate: Type.Optional(dateOut),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    planPointId: Type.Optional(orNull(Type.String())),
    marketUnitPrices: Type.Optional(orNull(Type.Array(moneyOut))),
  },
  {
    additionalProperties: false,
    description: 'The lot as accepted, normalised; a fact left unknown is omitted, an explicit none is null',
  },
);

export const StoredLotResponse = Type.Object({ ...Summary, lot: StoredLot }, { additionalProperties: false });

export const RnuResponse = Type.Object(
  {
    bin: Type.String({ pattern: '^\\d{12}$' }),
    asOf: dateOut,
    listed: Type.Boolean(),
    since: orNull(dateOut),
    until: orNull(dateOut),
    listings: Type.Array(
      Type.Object(
        { since: orNull(dateOut), until: orNull(dateOut), seenOn: orNull(dateOut) },
        { additionalProperties: false },
      ),
      { description: 'Every inclusion on record, newest first' },
    ),
  },
  { additionalProperties: false },
);

export const RescoreResponse = Type.Object(
  {
    examined: Type.Integer({ minimum: 0, description: 'Mirror lots looked at' }),
    scored: Type.Integer({ minimum: 0 }),
    antiDumping: Type.Integer({ minimum: 0, description: 'Scored lots flagged for anti-dumping' }),
    levels: Type.Object(
      {
        low: Type.Integer({ minimum: 0 }),
        medium: Type.Integer({ minimum: 0 }),
        high: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    skipped: Type.Integer({ minimum: 0, description: 'Lots that cannot be scored' }),
    skippedSample: Type.Array(
      Type.Object({ id: Type.String(), reason: Type.String() }, { additionalProperties: false }),
      { maxItems: 20 },
    ),
    more: Type.Boolean({ description: 'The limit stopped the run before the end of the mirror' }),
  },
  { additionalProperties: false },
);

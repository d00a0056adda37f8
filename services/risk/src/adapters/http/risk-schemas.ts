import { Type } from 'typebox';
import { PROCUREMENT_SUBJECTS, VAT_CATEGORIES } from '@zakupai/domain';
import { LOT_METHODS } from '../../domain/lot.ts';
import { MAX_BATCH } from '../../app/score-lots.ts';

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
          vatCategory: nullable(Type.Enum([...VAT_CATEGORIES])),
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

/** The kinds of calculation the service runs and keeps. */
export const CALC_KINDS = ['vat', 'margin', 'penalty', 'anti_dumping'] as const;
export type CalcKind = (typeof CALC_KINDS)[number];

/** JSON as it is stored and returned: decimals are strings, never binary floats. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One calculation as recorded: the normalised inputs and the outputs the client received. */
export interface Calculation {
  kind: CalcKind;
  inputs: Record<string, Json>;
  outputs: Record<string, Json>;
  requestId: string;
  createdAt: Date;
}

export interface StoredCalculation extends Calculation {
  id: string;
}

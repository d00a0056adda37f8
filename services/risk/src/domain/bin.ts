/**
 * BIN/IIN (бизнес-/индивидуальный идентификационный номер): 12 digits, the last a check digit.
 * Check digit: Σ d[i]·w[i] mod 11 with weights 1..11; if that is 10, again with weights 3..11,1,2;
 * a second 10 means the number is invalid (such numbers are never issued).
 */
export type BinProblem = 'format' | 'checksum';

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
const TWELVE_DIGITS = /^\d{12}$/;

function weightedMod11(digits: number[], weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += digits[i]! * weights[i]!;
  return sum % 11;
}

/** The check digit for the first 11 digits, or null when none exists. */
export function binCheckDigit(first11: string): number | null {
  const digits = [...first11].map(Number);
  let check = weightedMod11(digits, FIRST_WEIGHTS);
  if (check === 10) check = weightedMod11(digits, SECOND_WEIGHTS);
  return check === 10 ? null : check;
}

/** Why a BIN/IIN is invalid, or null when it is valid. */
export function binProblem(value: string): BinProblem | null {
  if (!TWELVE_DIGITS.test(value)) return 'format';
  const check = binCheckDigit(value.slice(0, 11));
  return check !== null && check === Number(value[11]) ? null : 'checksum';
}

export function isValidBin(value: string): boolean {
  return binProblem(value) === null;
}

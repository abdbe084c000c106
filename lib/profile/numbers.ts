import { LineError } from './errors';

const TWO_POW_63 = 2n ** 63n;
const TWO_POW_64 = 2n ** 64n;
const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Integer text to a number. Coz writes its counters as unsigned 64-bit values, and a
 * duration or an in-flight count that went below zero wraps to near 2^64; such a value is
 * turned back into the negative number it stands for, exactly (BigInt), so callers can
 * tell a wrapped duration from a huge one.
 */
export function integerFromText(text: string, what: string): number {
  if (!INTEGER_TEXT.test(text)) throw new LineError(`${what} is not an integer ("${text}")`);
  const digits = text.replace(/^-/, '');
  if (digits.length < 16) return Number(text);
  let value = BigInt(text);
  if (value >= TWO_POW_64) throw new LineError(`${what} is out of range (${text})`);
  if (value >= TWO_POW_63) value -= TWO_POW_64;
  return Number(value);
}

/** Decimal text (speedups, means) to a number, strictly: no trailing junk, no NaN. */
export function decimalFromText(text: string, what: string): number {
  if (INTEGER_TEXT.test(text)) return integerFromText(text, what);
  if (!DECIMAL_TEXT.test(text)) throw new LineError(`${what} is not a number ("${text}")`);
  const value = Number(text);
  if (!Number.isFinite(value)) throw new LineError(`${what} is out of range (${text})`);
  return value;
}

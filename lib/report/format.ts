/** Number formats shared by the renderers: "--" wherever a value is unknown. */

export const UNKNOWN = '--';

/** Fixed decimals, without the "-0.00" that rounding a tiny negative gives. */
export function fixed(value: number | null, decimals: number): string {
  if (value === null) return UNKNOWN;
  const text = value.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** A fraction as a percent: 0.256 -> "25.6%" (signed: "+25.6%"). */
export function percent(value: number | null, decimals: number, signed = false): string {
  if (value === null) return UNKNOWN;
  const text = `${fixed(value * 100, decimals)}%`;
  return signed && !text.startsWith('-') && Number(text.slice(0, -1)) !== 0 ? `+${text}` : text;
}

/** A line speedup: whole percents, one decimal only when it has one (0.125 -> "12.5%"). */
export function speedupPercent(value: number): string {
  const whole = Math.round(value * 100);
  return Math.abs(value * 100 - whole) < 1e-6 ? `${whole}%` : percent(value, 1);
}

export function nanoseconds(value: number | null): string {
  return value === null ? UNKNOWN : `${Math.round(value)}ns`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Text safe for a terminal: every control character but newline and tab (ESC above all: a
 * file named "\x1b]0;...\x07x.js" would otherwise retitle the terminal or worse) shown as
 * a \x.. escape. Names in a report come from profiles and file systems, anyone's to choose.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

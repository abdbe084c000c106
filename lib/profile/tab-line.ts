import { LineError } from './errors';
import { type LineFields, normaliseKey } from './line-fields';

const WORD = /^[A-Za-z][\w-]*$/;

export const NOT_A_RECORD = 'not JSON and not a Coz tab-separated record';

/**
 * Fields of an older Coz record: the type, then tab-separated key=value fields, e.g.
 * "experiment\tselected=a.c:3\tspeedup=0.35\tduration=100\tselected-samples=2".
 */
export function tabLineFields(text: string): LineFields {
  const [type = '', ...parts] = text.split('\t');
  if (!WORD.test(type) || parts.length === 0) throw new LineError(NOT_A_RECORD);

  const values = new Map<string, string>();
  for (const part of parts) {
    const equals = part.indexOf('=');
    const key = equals > 0 ? part.slice(0, equals) : '';
    if (!WORD.test(key)) throw new LineError(`field "${part}" is not key=value`);
    values.set(normaliseKey(key), part.slice(equals + 1));
  }

  return {
    type,
    has: (key) => values.has(key),
    raw: (key) => values.get(key),
    integerText: (key) => values.get(key),
  };
}

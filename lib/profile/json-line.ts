import { LineError } from './errors';
import { type LineFields, normaliseKey } from './line-fields';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Fields of a JSON Lines record, e.g. {"type":"experiment","selected":"a.js:3",...}. */
export function jsonLineFields(text: string): LineFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new LineError(`not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new LineError('JSON line is not an object');
  }
  const object = parsed as Record<string, unknown>;
  if (typeof object.type !== 'string') throw new LineError('JSON line has no "type"');

  const byKey = new Map<string, { key: string; value: unknown }>();
  for (const [key, value] of Object.entries(object)) {
    if (key !== 'type') byKey.set(normaliseKey(key), { key, value });
  }

  return {
    type: object.type,
    has: (key) => byKey.has(key),
    raw: (key) => byKey.get(key)?.value,
    integerText(key) {
      const entry = byKey.get(key);
      if (entry === undefined || typeof entry.value !== 'number') return undefined;
      if (Number.isSafeInteger(entry.value)) return String(entry.value);
      // JSON.parse rounds integers past 2^53; Coz's unsigned counters can be near 2^64, and
      // only their exact digits tell a wrapped negative value apart, so take them from the text.
      const exact = new RegExp(`"${escapeRegExp(entry.key)}"\\s*:\\s*(-?\\d+)\\s*[,}]`).exec(text);
      return exact?.[1];
    },
  };
}

/**
 * The fields of one profile line, whichever format it was written in, so that one decoder
 * serves both. Keys are normalised to use '_' (older Coz files write "selected-samples").
 */
export interface LineFields {
  /** The record type as written, e.g. "experiment" or "progress-point". */
  readonly type: string;
  has(key: string): boolean;
  /** Integer text exactly as written (for exact 64-bit values), or undefined. */
  integerText(key: string): string | undefined;
  /** The raw value: a string for tab-separated lines, any JSON value for JSON lines. */
  raw(key: string): unknown;
}

export function normaliseKey(key: string): string {
  return key.replaceAll('-', '_');
}

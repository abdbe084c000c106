// How the addon lays out progress counters (native/progress_counters.h), read from it once:
// each point has `countersPerPoint` counters in a row, visits (or begins) then ends, and
// there are at most `maxPoints` points. Everything that indexes counters goes through here.
import type { NativeAddon } from '../native';

export interface ProgressLayout {
  maxPoints: number;
  countersPerPoint: number;
}

/** Index of point `slot`'s first counter (visits or begins); its ends counter follows it. */
export function firstCounter(layout: ProgressLayout, slot: number): number {
  return slot * layout.countersPerPoint;
}

/** Point `slot`'s two counts out of a flat array of counters. */
export function countsOf(
  layout: ProgressLayout,
  counters: ArrayLike<number>,
  slot: number,
): { first: number; second: number } {
  const i = firstCounter(layout, slot);
  return { first: counters[i] ?? 0, second: counters[i + 1] ?? 0 };
}

export function progressLayout(native: NativeAddon): ProgressLayout {
  return native.progressLayout;
}

// The experiment policy: which site, what speedup, how long. Two are kept side by side
// (`run --policy`): Coz's (policy-coz.ts), and one that spends experiments where they narrow
// the answer most (policy-adaptive.ts), the default. Both see the same things: the sites
// sampled since the last experiment began, every site's samples so far, and each finished
// experiment.
import type { ExperimentRecord, PointRecord } from '../profile/records';
import type { NativeSite } from './sites';

export const POLICY_NAMES = ['adaptive', 'coz'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** A site with its samples (since the last experiment began, or in all), and its name. */
export interface Candidate {
  site: NativeSite;
  /** The name experiments record ("<file>:<line>", "deflate_slow (node)"). */
  name: string;
  samples: number;
}

export interface Choice {
  site: NativeSite;
  /** Line speedup, a fraction 0..1. */
  speedup: number;
}

export interface ExperimentPolicy {
  /** The next experiment, or undefined while there is nothing to choose from. */
  choose(recent: readonly Candidate[], totals: readonly Candidate[]): Choice | undefined;
  /** How long the next experiment runs, in ms. */
  lengthMs(): number;
  /** A finished experiment, kept (written) or not (too few visits to be usable). */
  measured(experiment: ExperimentRecord, points: readonly PointRecord[], kept: boolean): void;
}

/** Between experiments, so the delays of one do not spill into the next (Coz's 10 ms). */
export const COOLDOWN_MS = 10;

/** A seedable PRNG (mulberry32), so `--seed` repeats a run's choices. */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks one of `items` in proportion to its samples; undefined when none has any. */
export function inProportionToSamples<T extends { samples: number }>(
  items: readonly T[],
  random: () => number,
): T | undefined {
  let total = 0;
  for (const s of items) total += s.samples;
  if (total <= 0) return undefined;
  let r = random() * total;
  for (const s of items) {
    r -= s.samples;
    if (r < 0) return s;
  }
  return items[items.length - 1];
}

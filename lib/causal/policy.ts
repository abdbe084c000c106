// The experiment policy: which line, what speedup, how long. Coz's (docs/causal-profiling.md,
// "Experiments"), with its constants here and nowhere else.

export const POLICY = {
  /** Probability of a baseline (speedup 0) experiment. */
  baselineProbability: 0.25,
  /** Non-zero speedups are multiples of this, up to 1. */
  speedupStep: 0.05,
  initialLengthMs: 500,
  maxLengthMs: 8000,
  /** Fewer visits than this to the least-visited point: the experiment is too short to keep. */
  minVisits: 5,
  /** More visits than this (with a length of at least shrinkAboveMs): halve the length. */
  shrinkAboveVisits: 10,
  shrinkAboveMs: 1000,
  cooldownMs: 10,
} as const;

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

export function chooseSpeedup(random: () => number): number {
  if (random() < POLICY.baselineProbability) return 0;
  const steps = Math.round(1 / POLICY.speedupStep);
  const k = 1 + Math.floor(random() * steps);
  return Math.round(k * POLICY.speedupStep * 100) / 100;
}

/** Picks a site in proportion to its samples (Coz takes the first sample after cooldown). */
export function chooseSite<T>(
  sites: readonly { site: T; samples: number }[],
  random: () => number,
): T | undefined {
  let total = 0;
  for (const s of sites) total += s.samples;
  if (total <= 0) return undefined;
  let r = random() * total;
  for (const s of sites) {
    r -= s.samples;
    if (r < 0) return s.site;
  }
  return sites[sites.length - 1]?.site;
}

/** The next experiment's length, from the least-visited point of the last one. */
export function nextLengthMs(lengthMs: number, minVisits: number): number {
  if (minVisits < POLICY.minVisits) return Math.min(lengthMs * 2, POLICY.maxLengthMs);
  if (minVisits > POLICY.shrinkAboveVisits && lengthMs >= POLICY.shrinkAboveMs) {
    return Math.max(lengthMs / 2, POLICY.initialLengthMs);
  }
  return lengthMs;
}

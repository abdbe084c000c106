// Coz's policy (docs/causal-profiling.md, "Experiments"), kept for comparison and for Coz's
// users: the site of the first sample after the last experiment (here: chosen in proportion
// to the samples since it began), a baseline a quarter of the time and otherwise a speedup
// from 5% to 100% in steps of 5, and a length that doubles while the least-visited progress
// point gets too few visits and halves while it gets plenty.
import type { ExperimentRecord, PointRecord } from '../profile/records';
import { MIN_VISITS, usableVisits } from '../profile/usable';
import {
  type Candidate,
  type Choice,
  type ExperimentPolicy,
  inProportionToSamples,
} from './policy';

export const COZ = {
  /** Probability of a baseline (speedup 0) experiment. */
  baselineProbability: 0.25,
  /** Non-zero speedups are multiples of this, up to 1. */
  speedupStep: 0.05,
  initialLengthMs: 500,
  maxLengthMs: 8000,
  /** More visits than this (with a length of at least shrinkAboveMs): halve the length. */
  shrinkAboveVisits: 10,
  shrinkAboveMs: 1000,
} as const;

export function chooseCozSpeedup(random: () => number): number {
  if (random() < COZ.baselineProbability) return 0;
  const steps = Math.round(1 / COZ.speedupStep);
  const k = 1 + Math.floor(random() * steps);
  return Math.round(k * COZ.speedupStep * 100) / 100;
}

/** The next experiment's length, from the visits of the least-visited point of the last one. */
export function nextCozLengthMs(lengthMs: number, leastVisits: number): number {
  if (leastVisits < MIN_VISITS) return Math.min(lengthMs * 2, COZ.maxLengthMs);
  if (leastVisits > COZ.shrinkAboveVisits && lengthMs >= COZ.shrinkAboveMs) {
    return Math.max(lengthMs / 2, COZ.initialLengthMs);
  }
  return lengthMs;
}

export class CozPolicy implements ExperimentPolicy {
  private length: number = COZ.initialLengthMs;

  constructor(private readonly random: () => number) {}

  choose(recent: readonly Candidate[]): Choice | undefined {
    const pick = inProportionToSamples(recent, this.random);
    return pick && { site: pick.site, speedup: chooseCozSpeedup(this.random) };
  }

  lengthMs(): number {
    return this.length;
  }

  measured(_experiment: ExperimentRecord, points: readonly PointRecord[]): void {
    const least = points.length === 0 ? 0 : Math.min(...points.map(usableVisits));
    this.length = nextCozLengthMs(this.length, least);
  }
}

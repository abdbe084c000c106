// The adaptive policy (the default): experiments go where they narrow the answer most, and
// every one is compared with baselines close to it in time.
//
// - Few speedup levels: 25% and 50% (most of a line's curve, and what a slope is fitted to),
//   so each level of each line gets several experiments rather than twenty levels one each.
// - Baselines at a fixed share (every third experiment), spread through the run, so the
//   report's time trend (lib/report/model.ts) follows the program's drift.
// - Candidates are the sites with at least MIN_SHARE of the samples so far. Each is first
//   tried EXPLORE_PER_LEVEL times at each level; after that, the one whose next experiment
//   narrows its slope's interval most goes next: a variance falls as 1/n, so one more
//   experiment on a site with n and an interval of half-width w takes about w^2 / (n + 1) off
//   it (w from the same estimator as the report). The choice depends on how uncertain an
//   estimate is, never on its value, so it does not favour lines that happened to measure
//   high (bench/accuracy.js checks this).
// - Length: at least 500 ms and TARGET_VISITS visits to the least-visited point; longer
//   while consecutive baselines differ by more than TARGET_NOISE (per experiment, the noise
//   of the progress rate itself; the median difference of the last few, judged once per new
//   baseline, so one jump of warm-up does not count, and never twice), shorter again when
//   they agree much better than that, at most MAX_LENGTH_MS:
//   noise that longer experiments do not average away must not cost the run its experiments.
import type { ExperimentRecord, PointRecord, ProfileRecord } from '../profile/records';
import { usableVisits } from '../profile/usable';
import { estimateSites } from '../report/estimate';
import { collectObservations } from '../report/observations';
import type { Candidate, Choice, ExperimentPolicy } from './policy';

export const ADAPTIVE = {
  /** Non-zero speedups tried; the most experiments go to the largest. */
  levels: [0.5, 0.25],
  /** Every this many experiments, one is a baseline. */
  baselineEvery: 3,
  /** A candidate has at least this share of the samples so far, and there are at most maxCandidates. */
  minShare: 0.01,
  maxCandidates: 8,
  /** Experiments at each level before a site is chosen by uncertainty. */
  explorePerLevel: 2,
  minLengthMs: 500,
  maxLengthMs: 2000,
  /** Visits to the least-visited point an experiment should have (a count's rounding is then ~5%). */
  targetVisits: 20,
  /** Per-experiment spread of log(period) between consecutive baselines aimed at. */
  targetNoise: 0.04,
  /** Baselines the spread is measured over. */
  noiseWindow: 8,
  /** Baselines needed before the spread is judged at all (4 differences: 2 are a coin flip). */
  noiseMinBaselines: 5,
} as const;

export class AdaptivePolicy implements ExperimentPolicy {
  private readonly records: ProfileRecord[] = [{ type: 'startup', time: 0 }];
  private readonly tried = new Map<string, Map<number, number>>(); // name -> level -> kept
  private readonly baselinePeriods: number[] = [];
  private turn = 0;
  private last: Candidate | undefined;
  private length: number = ADAPTIVE.minLengthMs;
  private widths: Map<string, number> | undefined;

  choose(_recent: readonly Candidate[], totals: readonly Candidate[]): Choice | undefined {
    const candidates = this.candidates(totals);
    const top = candidates[0];
    if (top === undefined) return undefined;
    if (this.turn++ % ADAPTIVE.baselineEvery === 0) {
      // The baseline names the line tried last, so each line has its own (as Coz's viewer wants).
      return { site: (this.last ?? top).site, speedup: 0 };
    }
    const pick = this.pickSite(candidates);
    this.last = pick;
    return { site: pick.site, speedup: this.pickLevel(pick.name) };
  }

  lengthMs(): number {
    return this.length;
  }

  measured(experiment: ExperimentRecord, points: readonly PointRecord[], kept: boolean): void {
    const least = points.length === 0 ? 0 : Math.min(...points.map(usableVisits));
    let newBaseline = false;
    if (kept) {
      this.records.push(experiment, ...points);
      this.widths = undefined;
      if (experiment.speedup > 0) {
        const levels = this.tried.get(experiment.selected) ?? new Map<number, number>();
        levels.set(experiment.speedup, (levels.get(experiment.speedup) ?? 0) + 1);
        this.tried.set(experiment.selected, levels);
      } else if (least > 0) {
        this.baselinePeriods.push(Math.log(experiment.duration / least));
        newBaseline = true;
      }
    }
    this.length = this.nextLength(least, newBaseline);
  }

  private nextLength(least: number, newBaseline: boolean): number {
    const { minLengthMs, maxLengthMs, targetVisits, targetNoise, noiseWindow, noiseMinBaselines } =
      ADAPTIVE;
    if (least < targetVisits) return Math.min(this.length * 2, maxLengthMs);
    // The spread changes only with a new baseline. Judged after every experiment, one noisy
    // estimate from the first three baselines (an upper median of two differences) lengthened
    // experiments 500 ms -> 2 s in a row, and 7 of 20 pipeline runs then had 21 experiments in
    // 30 s instead of 58 (bench/README.md, "accuracy-trial"); the two that missed were of them.
    if (!newBaseline) return this.length;
    // Consecutive baselines differ by the noise of two experiments (and a little drift).
    const recent = this.baselinePeriods.slice(-noiseWindow - 1);
    if (recent.length < noiseMinBaselines) return this.length;
    const differences: number[] = [];
    for (let i = 1; i < recent.length; i++) {
      differences.push(Math.abs((recent[i] as number) - (recent[i - 1] as number)));
    }
    differences.sort((a, b) => a - b);
    const mid = differences.length >> 1;
    const median =
      differences.length % 2 === 1
        ? (differences[mid] as number)
        : ((differences[mid - 1] as number) + (differences[mid] as number)) / 2;
    // A normal spread's median absolute value is 0.6745 sd; a difference of two has sqrt(2) sd.
    const noise = median / 0.6745 / Math.SQRT2;
    if (noise > targetNoise) return Math.min(this.length * 1.5, maxLengthMs);
    if (noise < targetNoise / 2 && least >= 2 * targetVisits) {
      return Math.max(this.length / 1.5, minLengthMs);
    }
    return this.length;
  }

  private candidates(totals: readonly Candidate[]): Candidate[] {
    let all = 0;
    for (const c of totals) all += c.samples;
    if (all <= 0) return [];
    return [...totals]
      .filter((c) => c.samples >= ADAPTIVE.minShare * all)
      .sort((a, b) => b.samples - a.samples || a.name.localeCompare(b.name, 'en'))
      .slice(0, ADAPTIVE.maxCandidates);
  }

  private experimentsOn(name: string): number {
    let n = 0;
    for (const count of this.tried.get(name)?.values() ?? []) n += count;
    return n;
  }

  private pickSite(candidates: readonly Candidate[]): Candidate {
    const explore = ADAPTIVE.explorePerLevel * ADAPTIVE.levels.length;
    const unexplored = candidates.filter((c) => this.experimentsOn(c.name) < explore);
    if (unexplored.length > 0) {
      // Fewest experiments first; among those, the most samples (candidates are in that order).
      const fewest = Math.min(...unexplored.map((c) => this.experimentsOn(c.name)));
      return unexplored.find((c) => this.experimentsOn(c.name) === fewest) as Candidate;
    }
    const widths = this.slopeWidths();
    let best = candidates[0] as Candidate;
    let most = -1;
    for (const c of candidates) {
      const w = widths.get(c.name) ?? Number.POSITIVE_INFINITY;
      const gain = w ** 2 / (this.experimentsOn(c.name) + 1);
      if (gain > most) {
        most = gain;
        best = c;
      }
    }
    return best;
  }

  private pickLevel(name: string): number {
    const levels = this.tried.get(name);
    let best: number = ADAPTIVE.levels[0];
    let fewest = Number.POSITIVE_INFINITY;
    for (const level of ADAPTIVE.levels) {
      const n = levels?.get(level) ?? 0;
      if (n < fewest) {
        fewest = n;
        best = level;
      }
    }
    return best;
  }

  /** Each site's slope interval half-width (the widest over progress points). */
  private slopeWidths(): Map<string, number> {
    if (this.widths !== undefined) return this.widths;
    const profile = { source: 'live', records: this.records, warnings: [] };
    const { sites } = estimateSites(collectObservations([profile]).observations, 'trend');
    const widths = new Map<string, number>();
    for (const s of sites) {
      const w =
        s.slopeLow === null || s.slopeHigh === null
          ? Number.POSITIVE_INFINITY
          : (s.slopeHigh - s.slopeLow) / 2;
      widths.set(s.site, Math.max(widths.get(s.site) ?? 0, w));
    }
    this.widths = widths;
    return widths;
  }
}

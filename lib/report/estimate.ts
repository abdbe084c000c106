import {
  BASELINES_PER_KNOT_COUNT,
  DISTURBED_WEIGHT_CORES,
  PROGRAM_SPEEDUP_MAX_FRACTION,
  PROGRAM_SPEEDUP_MIN_FRACTION,
  SLOPE_MAX_SPEEDUP_FRACTION,
  SPEEDUP_RESOLUTION_FRACTION,
  TREND_KNOT_SPACING_S,
} from './constants';
import { fitModel, type ModelRun, tQuantile975, trendKnots } from './model';
import type { Observation } from './observations';
import type { BaselineMode, PointKind } from './types';

/**
 * Time per visit, in ns. Throughput: the period P = duration / visits. Latency: Little's law,
 * W = L / lambda with lambda = arrivals / duration, i.e. W = L x duration / arrivals; the
 * caller passes L x duration (summed over experiments, which weights L by duration).
 * Null when it cannot be measured (no visits; a latency snapshot at or below zero).
 */
export function nsPerVisit(
  kind: PointKind,
  duration: number,
  visits: number,
  inFlightTime: number,
): number | null {
  const value = kind === 'throughput' ? duration / visits : inFlightTime / visits;
  return Number.isFinite(value) && value > 0 ? value : null;
}

export function isBaselineSpeedup(speedup: number): boolean {
  return Math.abs(speedup) < SPEEDUP_RESOLUTION_FRACTION / 2;
}

function observedNsPerVisit(o: Observation): number | null {
  return nsPerVisit(o.kind, o.duration, o.visits, o.inFlight * o.duration);
}

/** Measured time per visit over several experiments: their durations and visits pooled. */
export function pooledNsPerVisit(observations: readonly Observation[]): number | null {
  const first = observations[0];
  if (first === undefined) return null;
  let duration = 0;
  let visits = 0;
  let inFlightTime = 0;
  for (const o of observations) {
    duration += o.duration;
    visits += o.visits;
    inFlightTime += o.inFlight * o.duration;
  }
  return nsPerVisit(first.kind, duration, visits, inFlightTime);
}

/** One non-zero speedup of one site. */
export interface CellEstimate {
  speedup: number;
  observations: Observation[];
  /** Predicted program speedup and its 95% interval; null when not estimable. */
  effect: number | null;
  low: number | null;
  high: number | null;
  /** On the curve: estimable and within the plausible range. */
  used: boolean;
}

export interface SiteEstimate {
  site: string;
  function: string | undefined;
  progressPoint: string;
  kind: PointKind;
  /** The experiments that selected this site, every speedup. */
  own: Observation[];
  /** The 0% experiments its rows are compared with. */
  baseline: Observation[];
  /** Non-zero speedups, ascending. */
  cells: CellEstimate[];
  slope: number | null;
  slopeStdErr: number | null;
  slopeLow: number | null;
  slopeHigh: number | null;
}

export interface Estimates {
  sites: SiteEstimate[];
  /** Measurements left out: in a run without a baseline to compare them with. */
  noBaseline: number;
}

function speedupKey(speedup: number): number {
  return Math.round(speedup / SPEEDUP_RESOLUTION_FRACTION);
}

function plausible(effect: number): boolean {
  return effect >= PROGRAM_SPEEDUP_MIN_FRACTION && effect <= PROGRAM_SPEEDUP_MAX_FRACTION;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * Per experiment of one run: the CPU other processes and the hypervisor took while it ran,
 * in cores' worth (model.ts, gamma); undefined when any experiment did not record it
 * (Coz's profiles, a machine without /proc/stat).
 */
function disturbanceCores(list: readonly Observation[]): number[] | undefined {
  const cores: number[] = [];
  for (const o of list) {
    if (o.outsideCpu === undefined || !(o.wallSeconds > 0)) return undefined;
    cores.push((o.outsideCpu + (o.steal ?? 0)) / (o.wallSeconds * 1e9));
  }
  return cores;
}

/**
 * The model fitted with each experiment's disturbance (`cores`, per run and point, or
 * undefined where unrecorded) as its covariate x, centred per run, and its weight reduced
 * by DISTURBED_WEIGHT_CORES. On bursty outside load (bench/accuracy.js --burn) the term
 * alone fixed the pipeline but not fork-join, whose threads a burst displaces unevenly;
 * down-weighting alone, the reverse; both together did best on both. x is used as
 * measured: scaling it to each cell's period overshot the critical line by ~0.05.
 */
function fitDisturbed(
  cells: number,
  runs: ModelRun[],
  cores: readonly (readonly number[] | undefined)[],
): ReturnType<typeof fitModel> {
  const withX = runs.map((run, r) => {
    const d = cores[r];
    if (d === undefined) return run;
    const mean = d.reduce((sum, v) => sum + v, 0) / Math.max(1, d.length);
    const points = run.points.map((p, i) => {
      const c = d[i] as number;
      return { ...p, x: c - mean, w: p.w / (1 + (c / DISTURBED_WEIGHT_CORES) ** 2) };
    });
    return { ...run, points };
  });
  return fitModel({ cells, runs: withX });
}

/**
 * Fits one model (model.ts) to the measurements of one progress point that share
 * baselines: a whole point ('trend', 'pooled') or one site's ('per-site').
 */
function estimateGroup(observations: readonly Observation[], trend: boolean): Estimates {
  const measurable = observations.filter((o) => observedNsPerVisit(o) !== null);
  const runs = groupBy(measurable, (o) => o.run);
  const cells = new Map<string, { site: string; speedup: number; index: number }>();
  const modelRuns: ModelRun[] = [];
  const disturbances: (number[] | undefined)[] = [];
  const baselinesByRun = new Map<string, Observation[]>();
  let noBaseline = 0;
  for (const [run, list] of runs) {
    const baselines = list.filter((o) => isBaselineSpeedup(o.speedup));
    if (baselines.length === 0) {
      noBaseline += list.length;
      continue;
    }
    baselinesByRun.set(run, baselines);
    const knots = trend
      ? trendKnots(
          baselines.map((o) => o.time),
          baselines.length,
          TREND_KNOT_SPACING_S,
          BASELINES_PER_KNOT_COUNT,
        )
      : [0];
    disturbances.push(trend ? disturbanceCores(list) : undefined);
    modelRuns.push({
      knots,
      points: list.map((o) => {
        let cell = -1;
        if (!isBaselineSpeedup(o.speedup)) {
          const key = JSON.stringify([o.site, speedupKey(o.speedup)]);
          let entry = cells.get(key);
          if (!entry) {
            entry = { site: o.site, speedup: o.speedup, index: cells.size };
            cells.set(key, entry);
          }
          cell = entry.index;
        }
        const y = Math.log(observedNsPerVisit(o) as number);
        return { cell, time: o.time, y, w: o.weight };
      }),
    });
  }
  const fit = modelRuns.length > 0 ? fitDisturbed(cells.size, modelRuns, disturbances) : undefined;
  const t = fit ? tQuantile975(fit.df) : Number.NaN;
  const cellIndex = (site: string, speedup: number) =>
    cells.get(JSON.stringify([site, speedupKey(speedup)]))?.index;

  const sites: SiteEstimate[] = [];
  for (const [site, own] of groupBy(observations, (o) => o.site)) {
    const first = own[0] as Observation;
    const ownRuns = new Set(own.map((o) => o.run));
    const baseline = [...baselinesByRun].filter(([run]) => ownRuns.has(run)).flatMap(([, b]) => b);
    const bySpeedup = groupBy(
      own.filter((o) => !isBaselineSpeedup(o.speedup)),
      (o) => String(speedupKey(o.speedup)),
    );
    const estimates: (CellEstimate & { index?: number; weight: number })[] = [];
    for (const list of bySpeedup.values()) {
      const speedup = (list[0] as Observation).speedup;
      const index = cellIndex(site, speedup);
      const beta = fit && index !== undefined ? (fit.beta[index] as number) : Number.NaN;
      const se = fit && index !== undefined ? Math.sqrt(fit.covariance(index, index)) : Number.NaN;
      const effect = Number.isFinite(beta) ? 1 - Math.exp(beta) : null;
      const bounded = effect !== null && Number.isFinite(se) && Number.isFinite(t);
      estimates.push({
        speedup,
        observations: list,
        effect,
        low: bounded ? 1 - Math.exp(beta + t * se) : null,
        high: bounded ? 1 - Math.exp(beta - t * se) : null,
        used: effect !== null && plausible(effect),
        index,
        // Only what the fit used: measurable, in a run with a baseline.
        weight: list
          .filter((o) => baselinesByRun.has(o.run) && observedNsPerVisit(o) !== null)
          .reduce((sum, o) => sum + o.weight, 0),
      });
    }
    estimates.sort((a, b) => a.speedup - b.speedup);
    const slope = fit ? fitSlope(estimates, fit, t) : undefined;
    sites.push({
      site,
      function: own.find((o) => o.function !== undefined)?.function,
      progressPoint: first.progressPoint,
      kind: first.kind,
      own,
      baseline,
      cells: estimates.map(({ index: _i, weight: _w, ...cell }) => cell),
      slope: slope?.slope ?? null,
      slopeStdErr: slope?.se ?? null,
      slopeLow: slope?.low ?? null,
      slopeHigh: slope?.high ?? null,
    });
  }
  return { sites, noBaseline };
}

/**
 * The slope of program speedup against line speedup: least squares through the origin over
 * the site's used rows up to SLOPE_MAX_SPEEDUP_FRACTION, each weighted by the visits behind
 * it; its standard error through the rows' covariances (rows share the baseline they are
 * compared with).
 */
function fitSlope(
  cells: readonly (CellEstimate & { index?: number; weight: number })[],
  fit: ReturnType<typeof fitModel>,
  t: number,
): { slope: number; se: number | null; low: number | null; high: number | null } | undefined {
  const used = cells.filter(
    (c) =>
      c.used &&
      c.index !== undefined &&
      c.speedup <= SLOPE_MAX_SPEEDUP_FRACTION + SPEEDUP_RESOLUTION_FRACTION,
  );
  const denominator = used.reduce((sum, c) => sum + c.weight * c.speedup ** 2, 0);
  if (used.length === 0 || denominator <= 0) return undefined;
  const lambda = used.map((c) => (c.weight * c.speedup) / denominator);
  let slope = 0;
  used.forEach((c, i) => {
    slope += (lambda[i] as number) * (c.effect as number);
  });
  // effect = 1 - exp(beta): d effect / d beta = -exp(beta) = effect - 1.
  const gradient = used.map((c, i) => (lambda[i] as number) * ((c.effect as number) - 1));
  let variance = 0;
  used.forEach((a, i) => {
    used.forEach((b, j) => {
      variance +=
        (gradient[i] as number) *
        (gradient[j] as number) *
        fit.covariance(a.index as number, b.index as number);
    });
  });
  const se = Number.isFinite(variance) && variance >= 0 ? Math.sqrt(variance) : null;
  const bounded = se !== null && Number.isFinite(t);
  return {
    slope,
    se,
    low: bounded ? slope - t * (se as number) : null,
    high: bounded ? slope + t * (se as number) : null,
  };
}

/** Every site of every progress point, estimated under `mode`. */
export function estimateSites(observations: readonly Observation[], mode: BaselineMode): Estimates {
  const sites: SiteEstimate[] = [];
  let noBaseline = 0;
  // kind is in the key so a throughput and a latency point that share a name stay apart.
  for (const group of groupBy(observations, (o) =>
    JSON.stringify([o.progressPoint, o.kind]),
  ).values()) {
    const parts = mode === 'per-site' ? [...groupBy(group, (o) => o.site).values()] : [group];
    for (const part of parts) {
      const e = estimateGroup(part, mode === 'trend');
      sites.push(...e.sites);
      noBaseline += e.noBaseline;
    }
  }
  return { sites, noBaseline };
}

import type { SiteAggregate } from './aggregate';
import {
  PROGRAM_SPEEDUP_MAX_FRACTION,
  PROGRAM_SPEEDUP_MIN_FRACTION,
  SPEEDUP_RESOLUTION_FRACTION,
} from './constants';
import { leastSquares, type Point, trapezoidArea } from './regression';
import type { PointKind } from './types';

export interface CurveRow {
  speedup: number;
  experiments: number;
  nsPerVisit: number | null;
  programSpeedup: number | null;
  used: boolean;
}

export interface Curve {
  /** ns per visit at speedup 0, or null when there is no usable baseline. */
  baseline: number | null;
  rows: CurveRow[];
  impact: number | null;
  slope: number | null;
  slopeStdErr: number | null;
}

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

/** Program speedup predicted from time per visit: (baseline - value) / baseline. */
export function programSpeedup(baseline: number, value: number): number {
  return (baseline - value) / baseline;
}

function plausible(speedup: number): boolean {
  return speedup >= PROGRAM_SPEEDUP_MIN_FRACTION && speedup <= PROGRAM_SPEEDUP_MAX_FRACTION;
}

export function isBaselineSpeedup(speedup: number): boolean {
  return Math.abs(speedup) < SPEEDUP_RESOLUTION_FRACTION / 2;
}

/**
 * The causal profile of one site against one progress point.
 *
 * Rows pool their experiments (sum of durations over sum of visits), as Coz's viewer does.
 * A positive program speedup means less time per visit than at baseline, for latency points
 * as for throughput ones (Coz's viewer negates it for latency; we do not: lower latency is a
 * speedup). Impact is the trapezoid area under the curve of used rows divided by the range
 * of speedups it spans (Coz's viewer takes the largest such ratio over the curve's prefixes,
 * which lets one noisy low-speedup point rank a site; the whole curve is steadier).
 * The slope is fitted to one point per experiment (of the speedups on the curve, the 0%
 * row's included), against the 0% row's pooled period, so its standard error shows how much
 * experiments disagree. Which experiments make the 0% row is the caller's choice
 * (baseline.ts).
 */
export function computeCurve(site: SiteAggregate): Curve {
  const { kind } = site;
  const baselineRow = site.rows.find((row) => isBaselineSpeedup(row.speedup));
  const baseline = baselineRow
    ? nsPerVisit(kind, baselineRow.duration, baselineRow.visits, baselineRow.inFlightTime)
    : null;

  const rows = site.rows.map((row): CurveRow => {
    const value = nsPerVisit(kind, row.duration, row.visits, row.inFlightTime);
    const speedup = baseline !== null && value !== null ? programSpeedup(baseline, value) : null;
    return {
      speedup: row.speedup,
      experiments: row.experiments,
      nsPerVisit: value,
      programSpeedup: speedup,
      used: speedup !== null && plausible(speedup),
    };
  });

  const curve: Point[] = rows
    .filter((row) => row.used)
    .map((row) => ({ x: row.speedup, y: row.programSpeedup as number }));
  const first = curve[0];
  const last = curve[curve.length - 1];
  const range = first && last ? last.x - first.x : 0;
  const impact = range > 0 ? trapezoidArea(curve) / range : null;

  // Experiments at speedups whose pooled row is off the curve are left out of the fit too;
  // filtering experiment by experiment would keep only the lucky ones of a bad speedup.
  const perExperiment: Point[] = [];
  site.rows.forEach((sums, index) => {
    if (baseline === null || !rows[index]?.used) return;
    for (const o of sums.observations) {
      const value = nsPerVisit(kind, o.duration, o.visits, o.inFlight * o.duration);
      if (value !== null) perExperiment.push({ x: o.speedup, y: programSpeedup(baseline, value) });
    }
  });
  const fit = leastSquares(perExperiment);

  return {
    baseline,
    rows,
    impact,
    slope: fit?.slope ?? null,
    slopeStdErr: fit?.slopeStdErr ?? null,
  };
}

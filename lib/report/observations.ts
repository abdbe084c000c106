import { groupExperiments } from '../profile/experiments';
import type { ExperimentRecord, PointRecord, Profile } from '../profile/records';
import { MIN_VISITS_PER_EXPERIMENT_COUNT } from './constants';
import type { Discarded, PointKind } from './types';

/** One experiment measured against one progress point: the unit everything is built from. */
export interface Observation {
  site: string;
  function: string | undefined;
  progressPoint: string;
  kind: PointKind;
  speedup: number;
  /** Virtual duration, ns. */
  duration: number;
  /** Throughput: completed visits (delta). Latency: arrivals. */
  visits: number;
  /** Latency only: mean number in flight (mean_in_flight, else Coz's end snapshot); else 0. */
  inFlight: number;
  selectedSamples: number;
  totalSamples: number | undefined;
  /** The run it was measured in: "<profile index>/<run within the profile>". */
  run: string;
}

export interface Observations {
  observations: Observation[];
  experimentsRead: number;
  discarded: Discarded;
  /** Every progress point named in the profiles, sorted, whether chosen or not. */
  progressPoints: string[];
}

function observe(experiment: ExperimentRecord, point: PointRecord, run: string): Observation {
  const latency = point.type === 'latency-point';
  return {
    site: experiment.selected,
    function: experiment.function,
    progressPoint: point.name,
    kind: latency ? 'latency' : 'throughput',
    speedup: experiment.speedup,
    duration: experiment.duration,
    visits: latency ? point.arrivals : point.delta,
    inFlight: latency ? (point.mean_in_flight ?? point.difference) : 0,
    selectedSamples: experiment.selected_samples,
    totalSamples: experiment.total_samples,
    run,
  };
}

/** The fewest visits the measurement rests on: for latency, arrivals and departures both. */
function leastVisits(point: PointRecord): number {
  return point.type === 'latency-point' ? Math.min(point.arrivals, point.departures) : point.delta;
}

/**
 * Every usable measurement in the profiles (of one progress point, when named), and a count
 * of those left out and why.
 */
export function collectObservations(
  profiles: readonly Profile[],
  progressPoint?: string,
): Observations {
  const observations: Observation[] = [];
  const discarded: Discarded = { nonPositiveDuration: 0, tooFewVisits: 0 };
  const names = new Set<string>();
  let experimentsRead = 0;
  for (const [index, profile] of profiles.entries()) {
    for (const { experiment, points, run } of groupExperiments(profile.records)) {
      experimentsRead++;
      for (const point of points) {
        names.add(point.name);
        if (progressPoint !== undefined && point.name !== progressPoint) continue;
        if (experiment.duration <= 0) discarded.nonPositiveDuration++;
        else if (leastVisits(point) < MIN_VISITS_PER_EXPERIMENT_COUNT) discarded.tooFewVisits++;
        else observations.push(observe(experiment, point, `${index}/${run}`));
      }
    }
  }
  const progressPoints = [...names].sort();
  return { observations, experimentsRead, discarded, progressPoints };
}

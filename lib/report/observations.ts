import { groupExperiments } from '../profile/experiments';
import type { ExperimentRecord, PointRecord, Profile } from '../profile/records';
import { unusable } from '../profile/usable';
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
  /** The fewest visits it rests on (latency: arrivals and departures): its weight. */
  weight: number;
  /** Latency only: mean number in flight (mean_in_flight, else Coz's end snapshot); else 0. */
  inFlight: number;
  selectedSamples: number;
  totalSamples: number | undefined;
  /** The run it was measured in: "<profile index>/<run within the profile>". */
  run: string;
  /**
   * When it ran, in seconds from the start of its run (its midpoint): from start_time where
   * recorded, else from the experiments before it in the run, back to back.
   */
  time: number;
  /** Wall-clock seconds it lasted (its duration when not recorded). */
  wallSeconds: number;
  /**
   * CPU ns the process, the program's other processes, processes outside the program and the
   * hypervisor took meanwhile, where recorded.
   */
  programCpu: number | undefined;
  siblingCpu: number | undefined;
  outsideCpu: number | undefined;
  steal: number | undefined;
}

export interface Observations {
  observations: Observation[];
  experimentsRead: number;
  discarded: Discarded;
  /** Every progress point named in the profiles, sorted, whether chosen or not. */
  progressPoints: string[];
}

function observe(
  experiment: ExperimentRecord,
  point: PointRecord,
  run: string,
  time: number,
  wallSeconds: number,
): Observation {
  const latency = point.type === 'latency-point';
  return {
    site: experiment.selected,
    function: experiment.function,
    progressPoint: point.name,
    kind: latency ? 'latency' : 'throughput',
    speedup: experiment.speedup,
    duration: experiment.duration,
    visits: latency ? point.arrivals : point.delta,
    weight: latency ? Math.min(point.arrivals, point.departures) : point.delta,
    inFlight: latency ? (point.mean_in_flight ?? point.difference) : 0,
    selectedSamples: experiment.selected_samples,
    totalSamples: experiment.total_samples,
    run,
    time,
    wallSeconds,
    programCpu: experiment.program_cpu,
    siblingCpu: experiment.sibling_cpu,
    outsideCpu: experiment.outside_cpu,
    steal: experiment.steal,
  };
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
  const discarded: Discarded = { nonPositiveDuration: 0, tooFewVisits: 0, noBaseline: 0 };
  const names = new Set<string>();
  let experimentsRead = 0;
  for (const [index, profile] of profiles.entries()) {
    const clocks = new Map<number, number>(); // run -> seconds of experiments so far
    for (const { experiment, points, run } of groupExperiments(profile.records)) {
      experimentsRead++;
      const wallSeconds = (experiment.wall_duration ?? Math.max(experiment.duration, 0)) / 1e9;
      const before = clocks.get(run) ?? 0;
      clocks.set(run, before + wallSeconds);
      const start = experiment.start_time !== undefined ? experiment.start_time / 1e9 : before;
      const time = start + wallSeconds / 2;
      for (const point of points) {
        names.add(point.name);
        if (progressPoint !== undefined && point.name !== progressPoint) continue;
        const why = unusable(experiment, point);
        if (why === 'non-positive-duration') discarded.nonPositiveDuration++;
        else if (why === 'too-few-visits') discarded.tooFewVisits++;
        else observations.push(observe(experiment, point, `${index}/${run}`, time, wallSeconds));
      }
    }
  }
  const progressPoints = [...names].sort();
  return { observations, experimentsRead, discarded, progressPoints };
}

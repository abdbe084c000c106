import type { ExperimentRecord, PointRecord } from './records';

/**
 * What makes an experiment's measurement of a progress point usable, for the driver (which
 * does not write the others) and the report (which leaves them out) alike.
 *
 * A measurement rests on its fewest visits: a throughput point's completed units; a latency
 * point's arrivals and departures both (its in-flight count comes from both). With fewer than
 * MIN_VISITS its period is mostly noise, as is an experiment cut short by the end of a run
 * (Coz drops these too: its ExperimentTargetDelta is 5).
 */
export const MIN_VISITS = 5;

export function usableVisits(point: PointRecord): number {
  return point.type === 'latency-point' ? Math.min(point.arrivals, point.departures) : point.delta;
}

export type Unusable = 'non-positive-duration' | 'too-few-visits';

/** Why this measurement is left out, or undefined when it is usable. */
export function unusable(experiment: ExperimentRecord, point: PointRecord): Unusable | undefined {
  // Coz's duration is unsigned: more delay inserted than time elapsed wraps it.
  if (experiment.duration <= 0) return 'non-positive-duration';
  if (usableVisits(point) < MIN_VISITS) return 'too-few-visits';
  return undefined;
}

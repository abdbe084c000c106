import type { Profile } from '../profile/records';
import { SPEEDUP_RESOLUTION_FRACTION } from './constants';
import { collectObservations, type Observation } from './observations';
import type { Discarded, PointKind } from './types';

/** The experiments of one site, progress point and speedup, summed. */
export interface AggregateRow {
  speedup: number;
  experiments: number;
  /** Total virtual duration, ns. */
  duration: number;
  /** Total visits (throughput) or arrivals (latency). */
  visits: number;
  /** Latency: sum of (mean in flight x duration), so pooled L = inFlightTime / duration. */
  inFlightTime: number;
  selectedSamples: number;
  /** Sums over only the experiments that carry total_samples, for the scaled column. */
  selectedSamplesWithTotals: number;
  totalSamples: number;
  experimentsWithTotals: number;
  /** The experiments summed here. */
  observations: Observation[];
}

/** One site against one progress point: its rows and the experiments behind them. */
export interface SiteAggregate {
  site: string;
  function: string | undefined;
  progressPoint: string;
  kind: PointKind;
  /** Ascending by speedup. */
  rows: AggregateRow[];
  observations: Observation[];
}

export interface Aggregation {
  sites: SiteAggregate[];
  experimentsRead: number;
  discarded: Discarded;
  /** Every progress point named in the profiles, sorted. */
  progressPoints: string[];
}

function emptyRow(speedup: number): AggregateRow {
  return {
    speedup,
    experiments: 0,
    duration: 0,
    visits: 0,
    inFlightTime: 0,
    selectedSamples: 0,
    selectedSamplesWithTotals: 0,
    totalSamples: 0,
    experimentsWithTotals: 0,
    observations: [],
  };
}

function addTo(row: AggregateRow, observation: Observation): void {
  row.observations.push(observation);
  row.experiments++;
  row.duration += observation.duration;
  row.visits += observation.visits;
  row.inFlightTime += observation.inFlight * observation.duration;
  row.selectedSamples += observation.selectedSamples;
  if (observation.totalSamples !== undefined) {
    row.selectedSamplesWithTotals += observation.selectedSamples;
    row.totalSamples += observation.totalSamples;
    row.experimentsWithTotals++;
  }
}

/** One row summing `observations`, all taken at `speedup`. */
export function sumObservations(
  speedup: number,
  observations: readonly Observation[],
): AggregateRow {
  const row = emptyRow(speedup);
  for (const observation of observations) addTo(row, observation);
  return row;
}

function speedupKey(speedup: number): number {
  return Math.round(speedup / SPEEDUP_RESOLUTION_FRACTION);
}

/** Groups observations by site and progress point, then sums them by speedup. */
export function aggregateObservations(observations: readonly Observation[]): SiteAggregate[] {
  const sites = new Map<string, SiteAggregate & { byKey: Map<number, AggregateRow> }>();
  for (const observation of observations) {
    const { site, progressPoint, kind } = observation;
    // kind is in the key so a throughput and a latency point that share a name stay apart.
    const key = JSON.stringify([site, progressPoint, kind]);
    let entry = sites.get(key);
    if (!entry) {
      entry = {
        site,
        function: undefined,
        progressPoint,
        kind,
        rows: [],
        observations: [],
        byKey: new Map(),
      };
      sites.set(key, entry);
    }
    entry.function ??= observation.function;
    entry.observations.push(observation);
    const speedup = speedupKey(observation.speedup);
    let row = entry.byKey.get(speedup);
    if (!row) {
      row = emptyRow(observation.speedup);
      entry.byKey.set(speedup, row);
    }
    addTo(row, observation);
  }
  return [...sites.values()].map(({ byKey, ...site }) => ({
    ...site,
    rows: [...byKey.values()].sort((a, b) => a.speedup - b.speedup),
  }));
}

/**
 * From parsed profiles (several runs or processes merge) to per-site, per-speedup sums, of
 * every progress point or only the one named.
 */
export function aggregate(profiles: readonly Profile[], progressPoint?: string): Aggregation {
  const { observations, ...rest } = collectObservations(profiles, progressPoint);
  return { sites: aggregateObservations(observations), ...rest };
}

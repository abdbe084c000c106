// Reads the shared progress counters for the driver: snapshots, deltas (modulo 2^32) and
// the mean number of pieces of work in flight for latency points.
import type { NativeAddon } from '../native';
import type { PointRecord } from '../profile/records';

export interface PointSnapshot {
  name: string;
  first: number; // visits (throughput) or begins (latency)
  second: number; // ends (latency)
}

export class ProgressReader {
  private readonly counters: Uint32Array;

  constructor(private readonly native: NativeAddon) {
    this.counters = new Uint32Array(native.progressBuffer());
  }

  snapshot(): PointSnapshot[] {
    return this.native.progressNames().map((name, i) => ({
      name,
      first: Atomics.load(this.counters, 2 * i),
      second: Atomics.load(this.counters, 2 * i + 1),
    }));
  }

  /** Has any progress point been reached yet? (No experiments run before one has.) */
  anyReached(): boolean {
    return this.snapshot().some((p) => p.first !== 0 || p.second !== 0);
  }

  /** Pieces of work in flight, summed per latency point (begins - ends). */
  inFlight(points: readonly PointSnapshot[]): number[] {
    return points.map(
      (_point, i) =>
        (Atomics.load(this.counters, 2 * i) - Atomics.load(this.counters, 2 * i + 1)) | 0,
    );
  }
}

const delta = (after: number, before: number): number => (after - before) >>> 0;

/**
 * The progress records of one experiment. A point counted by begin()/end() is a latency
 * point; one counted by progress() a throughput point (its second counter stays 0).
 */
export function pointRecords(
  before: readonly PointSnapshot[],
  after: readonly PointSnapshot[],
  meanInFlight: readonly number[],
): PointRecord[] {
  const records: PointRecord[] = [];
  after.forEach((a, i) => {
    if (a.first === 0 && a.second === 0) return; // never reached: not a point of this run yet
    const b = before[i] ?? { name: a.name, first: 0, second: 0 };
    const first = delta(a.first, b.first);
    const second = delta(a.second, b.second);
    const everEnded = a.second !== 0;
    if (!everEnded) {
      records.push({ type: 'throughput-point', name: a.name, delta: first });
      return;
    }
    records.push({
      type: 'latency-point',
      name: a.name,
      arrivals: first,
      departures: second,
      difference: (a.first - a.second) | 0,
      mean_in_flight: meanInFlight[i] ?? 0,
    });
  });
  return records;
}

/** Visits to the least-visited point that has ever been reached (what sizes experiments). */
export function leastVisits(points: readonly PointRecord[]): number {
  let least = Number.POSITIVE_INFINITY;
  for (const p of points) {
    const visits = p.type === 'throughput-point' ? p.delta : p.departures;
    least = Math.min(least, visits);
  }
  return Number.isFinite(least) ? least : 0;
}

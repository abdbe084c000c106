// Reads the progress counters for the driver: snapshots (summed over every thread, live and
// ended), per-experiment records, and the work in flight of latency points.
import type { NativeAddon } from '../native';
import type { PointRecord } from '../profile/records';
import { countsOf, type ProgressLayout, progressLayout } from './progress-layout';

export interface PointSnapshot {
  name: string;
  /** How the program counts it: progress() or begin()/end() (native/progress_counters.h). */
  kind: 'throughput' | 'latency';
  first: number; // visits (throughput) or begins (latency)
  second: number; // ends (latency)
}

export class ProgressReader {
  private readonly layout: ProgressLayout;

  constructor(private readonly native: NativeAddon) {
    this.layout = progressLayout(native);
  }

  snapshot(): PointSnapshot[] {
    const totals = this.native.progressTotals();
    const kinds = this.native.progressKinds();
    return this.native.progressNames().map((name, i) => ({
      name,
      kind: kinds[i] ?? 'throughput',
      ...countsOf(this.layout, totals, i),
    }));
  }

  /** Has any progress point been reached yet? (No experiments run before one has.) */
  anyReached(): boolean {
    return this.native.progressTotals().some((n) => n !== 0);
  }

  /** Pieces of work in flight per point (begins - ends), for the first `count` points. */
  inFlight(count: number): number[] {
    const totals = this.native.progressTotals();
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const c = countsOf(this.layout, totals, i);
      out.push(c.first - c.second);
    }
    return out;
  }
}

/**
 * The progress records of one experiment. A point counted by begin()/end() is a latency
 * point from its first begin() on (before any request has ended too: written as throughput
 * then, Coz's viewer would merge the two kinds under one name); one counted by progress()
 * is a throughput point.
 */
export function pointRecords(
  before: readonly PointSnapshot[],
  after: readonly PointSnapshot[],
  meanInFlight: readonly number[],
): PointRecord[] {
  const records: PointRecord[] = [];
  after.forEach((a, i) => {
    if (a.first === 0 && a.second === 0) return; // never reached: not a point of this run yet
    const b = before[i] ?? { name: a.name, kind: a.kind, first: 0, second: 0 };
    if (a.kind === 'throughput') {
      records.push({ type: 'throughput-point', name: a.name, delta: a.first - b.first });
      return;
    }
    records.push({
      type: 'latency-point',
      name: a.name,
      arrivals: a.first - b.first,
      departures: a.second - b.second,
      difference: a.first - a.second,
      mean_in_flight: meanInFlight[i] ?? 0,
    });
  });
  return records;
}

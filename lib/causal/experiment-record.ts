// One experiment's record, however it ran (the driver's experiments, or --end-to-end's one
// over the whole run), and the delay a hit inserts at a speedup.
import type { ExperimentCounts, NativeAddon } from '../native';
import type { ExperimentRecord } from '../profile/records';
import { functionOf, type NativeSite, type SiteNames } from './sites';

/**
 * The delay per sampling period a hit inserts at `speedup` (the addon scales it to the CPU
 * time each sample stands for).
 */
export function delayPerPeriodNs(speedup: number, intervalUs: number): number {
  return Math.round(speedup * intervalUs * 1000);
}

/**
 * The record of an experiment on `site` that lasted `elapsedNs` of wall time; its duration
 * is that less the delay inserted meanwhile (what makes the speedup virtual). `extra`: the
 * extension fields the caller measured (time in the run, the machine's load).
 */
export function experimentRecord(
  native: NativeAddon,
  sites: SiteNames,
  site: NativeSite,
  speedup: number,
  elapsedNs: number,
  counts: ExperimentCounts,
  extra: Partial<ExperimentRecord> = {},
): ExperimentRecord {
  return {
    type: 'experiment',
    selected: sites.name(site),
    speedup,
    duration: Math.round(elapsedNs - counts.delayNs),
    selected_samples: counts.selectedSamples,
    total_samples: counts.totalSamples,
    ...functionOf(native, site),
    ...extra,
    pid: process.pid,
  };
}

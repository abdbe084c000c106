// --end-to-end: one experiment spans the whole run. The driver starts it (once a progress
// point is reached and a line is chosen) and publishes what it started here; the main
// thread ends it at exit and writes it.
import type { NativeAddon } from '../native';
import type { ExperimentRecord } from '../profile/records';
import { formatExperiment } from '../profile/writer';
import { type PointSnapshot, ProgressReader, pointRecords } from './progress-reader';
import type { SiteNames } from './sites';

const HEADER = 5; // started, fileId, line, speedup, startNs
const MAX_POINTS = 256;

export function endToEndBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer((HEADER + 2 * MAX_POINTS) * 8);
}

export function publishStart(
  buffer: SharedArrayBuffer,
  fileId: number,
  line: number,
  speedup: number,
  startNs: bigint,
  before: PointSnapshot[],
): void {
  const f = new Float64Array(buffer);
  f[1] = fileId;
  f[2] = line;
  f[3] = speedup;
  f[4] = Number(startNs);
  before.slice(0, MAX_POINTS).forEach((p, i) => {
    f[HEADER + 2 * i] = p.first;
    f[HEADER + 2 * i + 1] = p.second;
  });
  f[0] = 1; // last: the main thread reads the rest only once this is set
}

/** Ends the run-long experiment, if one started, and returns its block of records. */
export function finishEndToEnd(
  buffer: SharedArrayBuffer,
  native: NativeAddon,
  sites: SiteNames,
): string {
  const f = new Float64Array(buffer);
  if (f[0] !== 1) return '';
  const counts = native.endExperiment();
  const elapsedNs = Number(process.hrtime.bigint()) - (f[4] as number);
  const progress = new ProgressReader(native);
  const after = progress.snapshot();
  const before = after.map((p, i) => ({
    name: p.name,
    first: f[HEADER + 2 * i] ?? 0,
    second: f[HEADER + 2 * i + 1] ?? 0,
  }));
  const experiment: ExperimentRecord = {
    type: 'experiment',
    selected: sites.name({ fileId: f[1] as number, line: f[2] as number }),
    speedup: f[3] as number,
    duration: Math.round(elapsedNs - counts.delayNs),
    selected_samples: counts.selectedSamples,
    total_samples: counts.totalSamples,
  };
  // No mean in-flight over a whole run: Coz's end-of-run snapshot is what there is.
  return formatExperiment(
    experiment,
    pointRecords(
      before,
      after,
      after.map((p) => (p.first - p.second) | 0),
    ),
  );
}

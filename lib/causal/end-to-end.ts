// --end-to-end: one experiment spans the whole run. The driver starts it (once a progress
// point is reached and a line is chosen) and publishes what it started here; the main
// thread ends it at exit and writes it.
import type { NativeAddon } from '../native';
import { formatExperiment } from '../profile/writer';
import { experimentRecord } from './experiment-record';
import { type PointSnapshot, ProgressReader, pointRecords } from './progress-reader';
import type { NativeSite, SiteNames } from './sites';

// started, fileId, line, speedup, startNs, functionId (-1: unknown); then each point's two
// counts as the experiment started.
const HEADER = 6;

/** Room for every progress point the addon can count. */
export function endToEndBuffer(maxPoints: number): SharedArrayBuffer {
  return new SharedArrayBuffer((HEADER + 2 * maxPoints) * 8);
}

export function publishStart(
  buffer: SharedArrayBuffer,
  site: NativeSite,
  speedup: number,
  startNs: bigint,
  before: PointSnapshot[],
): void {
  const f = new Float64Array(buffer);
  f[5] = site.functionId ?? -1;
  f[1] = site.fileId;
  f[2] = site.line;
  f[3] = speedup;
  f[4] = Number(startNs);
  before.slice(0, (f.length - HEADER) / 2).forEach((p, i) => {
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
  const site: NativeSite = {
    fileId: f[1] as number,
    line: f[2] as number,
    functionId: (f[5] as number) >= 0 ? (f[5] as number) : undefined,
  };
  const elapsedNs = Number(process.hrtime.bigint()) - (f[4] as number);
  const progress = new ProgressReader(native);
  const after = progress.snapshot();
  const before = after.map((p, i) => ({
    name: p.name,
    kind: p.kind,
    first: f[HEADER + 2 * i] ?? 0,
    second: f[HEADER + 2 * i + 1] ?? 0,
  }));
  const experiment = experimentRecord(native, sites, site, f[3] as number, elapsedNs, counts);
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

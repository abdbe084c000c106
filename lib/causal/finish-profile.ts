// The profile's tail (end-to-end results, the samples and runtime records) is written once,
// by whichever thread gets there first: the main thread as the program ends, or the driver
// worker when the CLI stops the run (--until, --max-seconds, without --keep-running). The
// second matters because a program whose main thread is busy never runs its SIGINT handler:
// the CLI then ends it with SIGKILL, and only a tail already written keeps the profile whole.
import * as fs from 'node:fs';
import type { NativeAddon } from '../native';
import { CONTROL, type DriverConfig } from './driver-config';
import { finishEndToEnd } from './end-to-end';
import { makeScope } from './scope';
import { SiteNames, samplesBlock } from './sites';

const CLAIMED = 1;
const WRITTEN = 2;
/** How long the main thread, at exit, waits for a tail the driver is writing. */
const WAIT_FOR_OTHER_MS = 5000;

/**
 * Writes the tail unless another thread has claimed it; returns whether this call wrote it.
 * A caller that lost the race returns once the other's tail is in the file (the process may
 * end as soon as it returns).
 */
export function finishProfile(
  native: NativeAddon,
  config: DriverConfig,
  control: Int32Array,
  endToEnd: SharedArrayBuffer,
): boolean {
  if (Atomics.compareExchange(control, CONTROL.finished, 0, CLAIMED) !== 0) {
    Atomics.wait(control, CONTROL.finished, CLAIMED, WAIT_FOR_OTHER_MS);
    return false;
  }
  const sites = new SiteNames(native, makeScope(config.scope, config.cwd));
  let tail = config.endToEnd ? finishEndToEnd(endToEnd, native, sites) : '';
  if (!config.endToEnd || tail === '') native.endExperiment();
  const runtimeNs = Number(process.hrtime.bigint() - BigInt(config.startNs));
  tail += samplesBlock(native, sites, runtimeNs);
  try {
    fs.appendFileSync(config.output, tail);
  } finally {
    Atomics.store(control, CONTROL.finished, WRITTEN);
    Atomics.notify(control, CONTROL.finished);
  }
  return true;
}

/** The file the driver creates once it has finished the profile on a stop request. */
export function finishedMarker(stopFile: string): string {
  return `${stopFile}.finished`;
}

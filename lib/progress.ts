// Progress points: progress(name) counts a unit of work; begin(name)/end(name) bracket
// one piece of concurrent work. The hot path is a Map lookup and an increment of this
// thread's own counter (native/progress_counters.h): no native call once a name is known,
// no cache line shared with other threads.
import { firstCounter, progressLayout } from './causal/progress-layout';
import { loadNative } from './native';

let counters: Uint32Array | undefined;
/** Set when this thread got the block shared by threads beyond the per-thread ones. */
let sharedBlock = false;
// One map per use, so the first begin() of a name that progress() already counts is still
// recorded as latency use (the slot is the same).
const throughputSlots = new Map<string, number>();
const latencySlots = new Map<string, number>();
let unavailable = false;

/** Index of the point's first counter; -1 when profiling is unavailable (calls are no-ops). */
function register(name: string, kind: 'throughput' | 'latency'): number {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(
      `causalprof: a progress point needs a non-empty string name (got ${String(name)})`,
    );
  }
  if (unavailable) return -1;
  try {
    const native = loadNative();
    if (counters === undefined) {
      const block = native.progressCounters();
      counters = new Uint32Array(block.buffer);
      sharedBlock = block.shared;
    }
    const slot = native.progressSlot(name, kind);
    if (slot < 0)
      throw new RangeError(`causalprof: too many progress points; '${name}' is not counted`);
    const index = firstCounter(progressLayout(native), slot);
    (kind === 'latency' ? latencySlots : throughputSlots).set(name, index);
    return index;
  } catch (err) {
    if (err instanceof RangeError) throw err;
    unavailable = true; // no addon for this platform: progress points cost nothing
    return -1;
  }
}

function count(index: number): void {
  const c = counters as Uint32Array;
  // This thread is the only writer of its own block; the shared block needs atomics.
  if (sharedBlock) Atomics.add(c, index, 1);
  else c[index] = ((c[index] as number) + 1) >>> 0;
}

/** A unit of work is done (a throughput progress point). */
export function progress(name: string): void {
  const i = throughputSlots.get(name) ?? register(name, 'throughput');
  if (i >= 0) count(i);
}

/** A piece of work named `name` starts (a latency progress point). */
export function begin(name: string): void {
  const i = latencySlots.get(name) ?? register(name, 'latency');
  if (i >= 0) count(i);
}

/** A piece of work named `name` ends. */
export function end(name: string): void {
  const i = latencySlots.get(name) ?? register(name, 'latency');
  if (i >= 0) count(i + 1);
}

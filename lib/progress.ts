// Progress points: progress(name) counts a unit of work; begin(name)/end(name) bracket
// one piece of concurrent work. The hot path is a Map lookup and an Atomics.add on memory
// shared by every thread (native/progress_counters.h): no native call once a name is known.
import { loadNative } from './native';

let counters: Uint32Array | undefined;
const slots = new Map<string, number>();
let unavailable = false;

/** Index of the point's first counter; -1 when profiling is unavailable (calls are no-ops). */
function register(name: string): number {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(
      `causalprof: a progress point needs a non-empty string name (got ${String(name)})`,
    );
  }
  if (unavailable) return -1;
  try {
    const native = loadNative();
    counters ??= new Uint32Array(native.progressBuffer());
    const slot = native.progressSlot(name);
    if (slot < 0)
      throw new RangeError(`causalprof: too many progress points; '${name}' is not counted`);
    slots.set(name, slot * 2);
    return slot * 2;
  } catch (err) {
    if (err instanceof RangeError) throw err;
    unavailable = true; // no addon for this platform: progress points cost nothing
    return -1;
  }
}

function counterOf(name: string): number {
  const index = slots.get(name);
  return index === undefined ? register(name) : index;
}

/** A unit of work is done (a throughput progress point). */
export function progress(name: string): void {
  const i = counterOf(name);
  if (i >= 0) Atomics.add(counters as Uint32Array, i, 1);
}

/** A piece of work named `name` starts (a latency progress point). */
export function begin(name: string): void {
  const i = counterOf(name);
  if (i >= 0) Atomics.add(counters as Uint32Array, i, 1);
}

/** A piece of work named `name` ends. */
export function end(name: string): void {
  const i = counterOf(name);
  if (i >= 0) Atomics.add(counters as Uint32Array, i + 1, 1);
}

/** What the flame graph page carries (page/flame/): one tree per thread, and all merged. Types only. */

export interface FlameNode {
  /** What the frame shows: "function (file:line)". */
  name: string;
  /** Samples with this frame on the stack, its children's included. */
  value: number;
  children: FlameNode[];
  /** The full path of its file, or its native object. */
  file?: string;
}

export interface FlameThread {
  /** The thread's name as the sampler saw it ("main", "worker 1"). */
  name: string;
  id: number;
  root: FlameNode;
}

export interface FlamePageData {
  /** The sampler's own description ("per-thread CPU-time sampling every 1000us by ..."). */
  sampler: string;
  /** Microseconds of CPU time one sample stands for. */
  intervalUs: number;
  durationMs: number;
  threads: FlameThread[];
  /** Every thread's samples in one tree: the same stacks in different threads add up. */
  merged: FlameNode;
  generated: string;
}

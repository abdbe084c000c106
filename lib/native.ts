// The addon's typed interface. Everything native is reached through here, so the rest of
// lib/ can be read (and its pure parts tested) without the binary.
import * as path from 'node:path';
import { chooseBinary } from './native-binary';
import type { NativeTimerMode } from './sampling/timer-choice';

export interface SamplerStatus {
  active: boolean;
  intervalUs: number;
  /** Which per-thread timer takes samples: 'perf-task-clock', 'posix-cpu-timer', 'perf-ring' or 'none'. */
  timer: string;
  threadsWithoutTimer: number;
  /** Threads that were to use the perf ring and fell back to a signal timer, and why. */
  ringRefused: number;
  ringError: string;
  /** The real-time signal samples arrive by (-1: none was free). */
  signal: number;
  /** The same as SIGRTMIN+n ('' when none). */
  signalName: string;
  /** Something else has since installed its own handler for that signal: signal samples stop. */
  signalHandlerReplaced: boolean;
  threads: number;
  /** Samples taken so far by every thread, ended ones included. */
  samplesTaken: number;
  samplesDropped: number;
  samplesWithoutFrames: number;
  /** CPU time of the periodic drain thread so far, and samples drained in all. */
  drainCpuNs: number;
  drainedSamples: number;
  /** What naming native code has cost and holds (native/native_symbols.h). */
  nativeSymbols: {
    objects: number;
    symbols: number;
    heapBytes: number;
    loadCpuNs: number;
    scans: number;
  };
}

export interface NativeFunction {
  name: string;
  /** Script name as V8 reports it (a path, a file: URL, 'node:...' or ''), or a native function's object. */
  file: string;
  /** First line of the function, 0 when unknown. */
  line: number;
  /** A native function (file is its ELF object's path), with its symbol as the object spells it. */
  native?: boolean;
  systemName?: string;
}

export interface NativeStack {
  /** (functionId, line) pairs, innermost frame first. */
  frames: number[];
  samples: number;
  /** Timer periods the samples stand for (samples weighted by timer overruns). */
  periods: number;
}

export interface NativeThreadSamples {
  id: number;
  name: string;
  stacks: NativeStack[];
}

export interface NativeSamples {
  functions: NativeFunction[];
  threads: NativeThreadSamples[];
}

export interface NativeAddon {
  /** Registers the calling JS thread; false if it already was. */
  registerThread(threadId: number, name: string): boolean;
  /** keepStacks: a sampling profile will take the samples (causal experiments do not). */
  startSampling(intervalUs: number, mode: NativeTimerMode, keepStacks: boolean): SamplerStatus;
  stopSampling(): void;
  status(): SamplerStatus;
  /** Hands over the samples aggregated so far and clears them. */
  takeSamples(): NativeSamples;

  // Causal profiling (see native/experiment.h, delays.h, progress_counters.h).
  /** How progress counters are laid out (lib/causal/progress-layout.ts). */
  progressLayout: { maxPoints: number; countersPerPoint: number };
  /** This thread's progress counters: countersPerPoint uint32 per point (visits or begins, ends). */
  progressCounters(): { buffer: ArrayBuffer; shared: boolean };
  /** Every point's counters summed over all threads, live and ended: [first0, second0, ...]. */
  progressTotals(): number[];
  /** The slot of a named progress point (allocated on first use), -1 when full. */
  /** The slot of a named point, recording how it is counted; -1 when all are taken. */
  progressSlot(name: string, kind: 'throughput' | 'latency'): number;
  progressNames(): string[];
  /** Per slot: 'latency' once begin()/end() counted it, else 'throughput'. */
  progressKinds(): ('throughput' | 'latency')[];
  /** Script names by file id, from `from` on. */
  files(from: number): string[];
  setFileScope(fileId: number, inScope: boolean): void;
  /** Native functions interned from the `from`th on (their scope is decided by name and object). */
  nativeFunctions(from: number): { id: number; name: string; file: string }[];
  setNativeScope(functionId: number, inScope: boolean): void;
  /** Selects a site: a JS line (line > 0), or with line 0 the native function functionId. */
  startExperiment(fileId: number, line: number, functionId: number, delayPerHitNs: number): void;
  endExperiment(): ExperimentCounts;
  /** Samples per site (innermost in-scope frame) since the last such call, or since the start: flat [fileId, line, samples, functionId, ...]. */
  siteCounts(sinceLastTake: boolean): number[];
  /**
   * Samples taken while no delay was inserted: per site, those with the site anywhere on
   * the stack (flat as siteCounts), and in all.
   */
  undelayedSiteCounts(): { sites: number[]; total: number };
  functionName(functionId: number): string;
  /** Marks blocking and waking on this thread's event loop. */
  installWakeHooks(): void;
  catchUp(): void;
  beforeBlock(): void;
  creditWake(): void;
  endWake(): void;
  /** This worker is ending: pay what it owes and credit its creator's wake. */
  threadExiting(): void;
  /** A worker with this threadId starts at the calling thread's delay count. */
  inheritDelay(threadId: number): void;
  /** The calling thread's delay accounting (paid: slept; credited: skipped on wakes; hit: added by its hits). */
  delayState(): {
    globalNs: number;
    localNs: number;
    active: boolean;
    paidNs?: number;
    creditedNs?: number;
    hitNs?: number;
  };
}

export interface ExperimentCounts {
  /** Global delay inserted during the experiment. */
  delayNs: number;
  /** Samples (weighted) with the selected line anywhere on the stack. */
  selectedSamples: number;
  /** All samples (weighted), every thread. */
  totalSamples: number;
  /** The most any thread still owed at the end: inserted delay that was never paid. */
  unpaidNs: number;
}

/**
 * The addon, once per thread for every copy of causalprof in the process. An application
 * with a copy of its own (in its node_modules) under a CLI or agent from another install
 * would otherwise load a second copy of the binary, with its own progress counters,
 * experiment and sampler: the program's progress points would never reach the agent's
 * experiments. The first copy to load the addon publishes it here; the key's number changes
 * with NativeAddon's shape, so copies that disagree on it keep their own.
 */
const SHARED_ADDON = Symbol.for('causalprof.addon.v1');
type WithSharedAddon = typeof globalThis & { [SHARED_ADDON]?: NativeAddon };

let addon: NativeAddon | undefined;

export function loadNative(): NativeAddon {
  if (addon === undefined) {
    const shared = (globalThis as WithSharedAddon)[SHARED_ADDON];
    if (shared !== undefined) {
      addon = shared;
      return addon;
    }
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new Error(
        `causalprof: the sampler supports linux-x64 only (this is ${process.platform}-${process.arch})`,
      );
    }
    // A binary built for this Node's ABI: build/Release, or the prebuild (native-binary.ts).
    addon = require(chooseBinary(path.resolve(__dirname, '..', '..'))) as NativeAddon;
    Object.defineProperty(globalThis, SHARED_ADDON, { value: addon, enumerable: false });
  }
  return addon;
}

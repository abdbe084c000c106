// The in-process sampling API: startSampling() ... session.stop() -> pprof bytes.
import { DEFAULT_INTERVAL_US, validateIntervalUs, validateTimer } from '../config';
import { loadNative, type SamplerStatus } from '../native';
import { isThisThreadRegistered, registerThisThread } from '../threads';
import { buildCpuProfile } from './cpuprofile';
import { buildPprof, encodePprof } from './pprof';
import { type TimerChoice, usePosixTimer } from './timer-choice';

export interface SamplingOptions {
  /** Microseconds of each thread's CPU time between samples (default 1000; 10000 suits production). */
  intervalUs?: number;
  /**
   * 'auto' (default): perf_event task-clock below 10 ms, the POSIX CPU-time timer from 10 ms,
   * where it costs less and loses nothing (lib/sampling/timer-choice.ts). 'perf' falls back
   * to POSIX where perf_event is not allowed.
   */
  timer?: TimerChoice;
  /** The same as `timer: 'posix'`. */
  forcePosixTimer?: boolean;
}

export interface SamplingSession {
  /** Which timer runs, at what interval, over how many threads. */
  readonly status: SamplerStatus;
  /** Stops sampling and returns the profile as gzipped pprof. */
  stop(): Promise<Buffer>;
  /** The same, synchronously (for exit handlers); `format: 'cpuprofile'` gives Chrome's JSON. */
  stopSync(format?: ProfileFormat): Buffer;
}

export type ProfileFormat = 'pprof' | 'cpuprofile';

let current: SamplingSession | undefined;

export function startSampling(options: SamplingOptions = {}): SamplingSession {
  if (current !== undefined)
    throw new Error('causalprof: sampling is already running; stop the current session first');
  const intervalUs =
    options.intervalUs === undefined
      ? DEFAULT_INTERVAL_US
      : validateIntervalUs(options.intervalUs, 'startSampling({ intervalUs })');
  const timer = options.forcePosixTimer
    ? 'posix'
    : validateTimer(options.timer ?? 'auto', 'startSampling({ timer }): ');
  if (!isThisThreadRegistered()) {
    registerThisThread();
    process.emitWarning(
      'causalprof was not preloaded: code compiled before now is reported per function, and worker threads are not sampled. ' +
        'Start node with --require causalprof/agent for line-level profiles of every thread.',
      { code: 'CAUSALPROF_NOT_PRELOADED' },
    );
  }
  const native = loadNative();
  native.takeSamples(); // start from an empty profile
  const startTimeMs = Date.now();
  const status = native.startSampling(intervalUs, usePosixTimer(timer, intervalUs));
  if (status.timer === 'none') {
    native.stopSampling();
    throw new Error(
      'causalprof: neither perf_event nor a POSIX CPU-time timer could be created for this thread',
    );
  }
  let stopped: Buffer | undefined;
  const stopSync = (format: ProfileFormat = 'pprof'): Buffer => {
    if (stopped === undefined) {
      native.stopSampling();
      const durationMs = Date.now() - startTimeMs;
      const samples = native.takeSamples();
      stopped =
        format === 'cpuprofile'
          ? Buffer.from(JSON.stringify(buildCpuProfile(samples, intervalUs, startTimeMs)))
          : encodePprof(
              buildPprof(samples, { intervalUs, timer: status.timer, startTimeMs, durationMs }),
            );
      current = undefined;
    }
    return stopped;
  };
  current = { status, stopSync, stop: async () => stopSync() };
  return current;
}

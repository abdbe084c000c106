// The in-process sampling API: startSampling() ... session.stop() -> pprof bytes.
import type { Profile } from 'pprof-format';
import { DEFAULT_INTERVAL_US, validateIntervalUs, validateTimer } from '../config';
import { loadNative, type SamplerStatus } from '../native';
import { isThisThreadRegistered, registerThisThread } from '../threads';
import { buildCpuProfile } from './cpuprofile';
import { renderFlameHtml } from './flame-html';
import { buildPprof, encodePprof } from './pprof';
import { samplingTimerMode, type TimerChoice } from './timer-choice';

export interface SamplingOptions {
  /** Microseconds of each thread's CPU time between samples (default 1000; 10000 suits production). */
  intervalUs?: number;
  /**
   * 'auto' (default): the perf ring below 10 ms, the POSIX CPU-time timer from 10 ms, where
   * it costs less and loses nothing (lib/sampling/timer-choice.ts). 'ring' takes perf_event
   * samples without signals (half the cost per sample of 'perf'; README.md says what it
   * cannot label), falling back to 'perf' for threads the kernel refuses a ring. 'perf'
   * raises a signal per sample and falls back to POSIX where perf_event is not allowed.
   */
  timer?: TimerChoice;
  /** The same as `timer: 'posix'`. */
  forcePosixTimer?: boolean;
  /**
   * Rotation, for sampling that runs for weeks: every periodMs (at least 100), the samples
   * of the period just ended go to onProfile as a finished gzipped pprof, and the next
   * period starts where it ended (the sampler never stops, so no sample falls between two).
   * The timer runs on this thread's event loop: a period ends late while the thread is busy,
   * never early, and each profile's time and duration say what it covers. stop() hands the
   * last, partial period to onProfile too, and returns it.
   */
  periodMs?: number;
  onProfile?: (
    profile: Buffer,
    period: { index: number; startTimeMs: number; durationMs: number },
  ) => void;
  /** Labels on every sample (service, version, ...); each sample also has its thread's and `pid`. */
  labels?: Readonly<Record<string, string | number>>;
}

export interface SamplingSession {
  /** Which timer runs, at what interval, over how many threads. */
  readonly status: SamplerStatus;
  /** Stops sampling and returns the profile as gzipped pprof. */
  stop(): Promise<Buffer>;
  /** The same, synchronously (for exit handlers); 'cpuprofile' gives Chrome's JSON, 'html' a flame graph. */
  stopSync(format?: ProfileFormat): Buffer;
}

/** gzipped pprof, Chrome DevTools' JSON, or an offline flame graph page. */
export type ProfileFormat = 'pprof' | 'cpuprofile' | 'html';

let current: SamplingSession | undefined;

/**
 * The timer that ran, how many threads could not have the perf ring (and why), and whether
 * the program took the sampling signal's handler over (samples by signal stopped then).
 */
function timerLabel(timer: string, status: SamplerStatus): string {
  const { ringRefused, ringError } = status;
  let label = timer;
  if (ringRefused > 0) {
    // EPERM from mmap: perf's locked-memory allowance (perf_event_mlock_kb per CPU, then
    // RLIMIT_MEMLOCK) is used up by the rings of the other threads.
    const hint = /not permitted|allocate memory/i.test(ringError)
      ? ': locked memory for perf rings is used up; raise `ulimit -l` or kernel.perf_event_mlock_kb'
      : '';
    label += `; ${ringRefused} thread(s) were refused a perf ring (${ringError}${hint}) and were sampled by signal`;
  }
  if (status.signalHandlerReplaced && timer !== 'perf-ring')
    label += `; ${replacedHandler(status)}`;
  return label;
}

/** What to say when something else took over the sampling signal's handler. */
export function replacedHandler(status: SamplerStatus): string {
  return `the program installed its own handler for signal ${status.signal} (${status.signalName}), which causalprof samples by: samples stopped reaching the profiler from then on`;
}

const MIN_PERIOD_MS = 100;

function validateRotation(
  options: SamplingOptions,
): { periodMs: number; onProfile: NonNullable<SamplingOptions['onProfile']> } | undefined {
  const { periodMs, onProfile } = options;
  if (periodMs === undefined && onProfile === undefined) return undefined;
  if (typeof periodMs !== 'number' || !Number.isFinite(periodMs) || periodMs < MIN_PERIOD_MS) {
    throw new TypeError(
      `causalprof: startSampling({ periodMs }) must be a number of milliseconds, at least ${MIN_PERIOD_MS} (got ${String(periodMs)})`,
    );
  }
  if (typeof onProfile !== 'function') {
    throw new TypeError(
      "causalprof: startSampling({ periodMs }) needs onProfile(profile, period), which receives each period's gzipped pprof",
    );
  }
  return { periodMs, onProfile };
}

function validateLabels(labels: unknown): Record<string, string | number> {
  if (labels === undefined) return {};
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    throw new TypeError(
      'causalprof: startSampling({ labels }) must be an object of names to strings or numbers',
    );
  }
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
      throw new TypeError(
        `causalprof: startSampling({ labels }): "${key}" is ${String(value)}; a label is a string or a finite number`,
      );
    }
  }
  return labels as Record<string, string | number>;
}

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
  const rotation = validateRotation(options);
  const labels = { ...validateLabels(options.labels), pid: process.pid };
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
  const status = native.startSampling(intervalUs, samplingTimerMode(timer, intervalUs), true);
  if (status.timer === 'none') {
    native.stopSampling();
    throw new Error(
      status.signal < 0
        ? 'causalprof: every real-time signal from SIGRTMIN+4 on already has a handler, so the sampler has none to use; free one, or use --timer ring'
        : 'causalprof: neither perf_event nor a POSIX CPU-time timer could be created for this thread',
    );
  }
  let stopped: Buffer | undefined;
  let periodStartMs = startTimeMs;
  let index = 0;
  /** The samples since the last period ended, as pprof. */
  const periodPprof = (
    timer: string,
  ): { profile: Profile; startMs: number; durationMs: number } => {
    const now = Date.now();
    const samples = native.takeSamples();
    const startMs = periodStartMs;
    periodStartMs = now;
    const durationMs = now - startMs;
    return {
      profile: buildPprof(samples, { intervalUs, timer, startTimeMs: startMs, durationMs, labels }),
      startMs,
      durationMs,
    };
  };
  const handOver = (bytes: Buffer, startMs: number, durationMs: number) =>
    rotation?.onProfile(bytes, { index: index++, startTimeMs: startMs, durationMs });
  const rotator =
    rotation === undefined
      ? undefined
      : setInterval(() => {
          const period = periodPprof(timerLabel(status.timer, native.status()));
          handOver(encodePprof(period.profile), period.startMs, period.durationMs);
        }, rotation.periodMs);
  rotator?.unref(); // the program decides when it ends
  const stopSync = (format: ProfileFormat = 'pprof'): Buffer => {
    if (stopped === undefined) {
      if (rotator !== undefined) clearInterval(rotator);
      const last = native.status();
      native.stopSampling();
      if (format === 'cpuprofile') {
        const samples = native.takeSamples();
        stopped = Buffer.from(JSON.stringify(buildCpuProfile(samples, intervalUs, periodStartMs)));
      } else {
        const period = periodPprof(timerLabel(status.timer, last));
        stopped =
          format === 'html'
            ? Buffer.from(
                renderFlameHtml(period.profile, `causalprof: ${process.argv.slice(1).join(' ')}`),
              )
            : encodePprof(period.profile);
        if (format === 'pprof') handOver(stopped, period.startMs, period.durationMs);
      }
      current = undefined;
    }
    return stopped;
  };
  current = { status, stopSync, stop: async () => stopSync() };
  return current;
}

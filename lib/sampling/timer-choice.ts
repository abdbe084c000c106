// Which per-thread timer takes the samples: perf_event task-clock or a POSIX CPU-time timer,
// each delivering a signal per sample, or the perf ring, which delivers none.
//
// Without a hardware PMU (most VMs), every perf task-clock sample is an hrtimer interrupt of
// its own, and the signal that carries it is raised by a self-IPI: two interrupts per sample.
// A POSIX CPU-time timer is checked at the scheduler tick the thread takes anyway and its
// signal is sent on the way back to user mode, so a sample costs little more than the
// handler; but it cannot fire more often than the tick (HZ: 250 Hz on many kernels, which
// bench/README.md measures). From 10 ms on, an interval is at least one tick at every common
// HZ (100, 250, 300, 1000), so 'auto' takes the tick timer there and loses no resolution.
//
// 'ring' keeps the perf timer interrupt and drops the signal: the kernel copies registers
// and the top of the stack into a ring the drain thread reads and walks (native/perf_ring.h,
// native/copied_stack_walker.cc). That halves what a sample costs here (bench/README.md),
// so 'auto' takes it below 10 ms for sampling. Causal experiments pay delays in the signal
// handler, so `run` never uses it. What it cannot tell apart is listed in README.md.

export type TimerChoice = 'auto' | 'perf' | 'posix' | 'ring';

export const TIMER_CHOICES: readonly TimerChoice[] = ['auto', 'perf', 'posix', 'ring'];

/** What the addon is asked for; each falls back (ring to perf to POSIX) where refused. */
export type NativeTimerMode = 'perf' | 'posix' | 'ring';

/** Intervals from this many microseconds on use the POSIX timer under 'auto'. */
export const TICK_TIMER_FROM_US = 10_000;

const MS = TICK_TIMER_FROM_US / 1000;

/** The choices and how 'auto' picks, for `sample`'s help and error texts. */
export const TIMER_CHOICES_TEXT = `'auto' (the perf ring below ${MS} ms, the POSIX CPU timer from ${MS} ms), 'ring' (perf_event without signals), 'perf' (perf_event, a signal per sample) or 'posix'`;

/** The same for `run`, which cannot take the ring. */
export const RUN_TIMER_CHOICES_TEXT = `'auto' (perf_event below ${MS} ms, the POSIX CPU timer from ${MS} ms), 'perf' or 'posix'`;

/** For `sample` and startSampling(). */
export function samplingTimerMode(choice: TimerChoice, intervalUs: number): NativeTimerMode {
  if (choice === 'auto') return intervalUs >= TICK_TIMER_FROM_US ? 'posix' : 'ring';
  return choice;
}

/** For `run`: a timer that raises the signal delays are paid in (its CLI refuses 'ring'). */
export function causalTimerMode(choice: TimerChoice, intervalUs: number): NativeTimerMode {
  const mode = samplingTimerMode(choice, intervalUs);
  return mode === 'ring' ? 'perf' : mode;
}

export function isTimerChoice(value: unknown): value is TimerChoice {
  return TIMER_CHOICES.includes(value as TimerChoice);
}

/**
 * What to tell the user when perf_event was asked for (or chosen by 'auto') and the POSIX
 * timer took the samples instead; undefined when the timer is the one asked for.
 */
export function perfFallbackNote(asked: NativeTimerMode, started: string): string | undefined {
  if (asked === 'posix' || started !== 'posix-cpu-timer') return undefined;
  return (
    'perf_event is unavailable here (refused by the kernel or container, or CAUSALPROF_NO_PERF_EVENT=1): ' +
    "samples come from the POSIX CPU-time timer, which fires only at the kernel's scheduler tick, " +
    'so an interval shorter than a tick gives one weighted sample per tick'
  );
}

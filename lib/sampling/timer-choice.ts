// Which per-thread timer takes the samples: perf_event task-clock or a POSIX CPU-time timer.
//
// Without a hardware PMU (most VMs), every perf task-clock sample is an hrtimer interrupt of
// its own, and the signal that carries it is raised by a self-IPI: two interrupts per sample.
// A POSIX CPU-time timer is checked at the scheduler tick the thread takes anyway and its
// signal is sent on the way back to user mode, so a sample costs little more than the
// handler; but it cannot fire more often than the tick (HZ: 250 Hz on many kernels, which
// bench/README.md measures). From 10 ms on, an interval is at least one tick at every common
// HZ (100, 250, 300, 1000), so 'auto' takes the tick timer there and loses no resolution.

export type TimerChoice = 'auto' | 'perf' | 'posix';

export const TIMER_CHOICES: readonly TimerChoice[] = ['auto', 'perf', 'posix'];

/** Intervals from this many microseconds on use the POSIX timer under 'auto'. */
export const TICK_TIMER_FROM_US = 10_000;

/** The choices and how 'auto' picks, for help and error texts. */
export const TIMER_CHOICES_TEXT = `'auto' (perf_event task-clock below ${TICK_TIMER_FROM_US / 1000} ms, POSIX CPU timer from ${TICK_TIMER_FROM_US / 1000} ms), 'perf' or 'posix'`;

/** Whether to ask the addon for the POSIX timer (otherwise perf, falling back to POSIX). */
export function usePosixTimer(choice: TimerChoice, intervalUs: number): boolean {
  if (choice === 'auto') return intervalUs >= TICK_TIMER_FROM_US;
  return choice === 'posix';
}

export function isTimerChoice(value: unknown): value is TimerChoice {
  return TIMER_CHOICES.includes(value as TimerChoice);
}

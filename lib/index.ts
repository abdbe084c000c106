// The public API.

export { DEFAULT_INTERVAL_US, PRODUCTION_INTERVAL_US } from './config';
export { begin, end, progress } from './progress';
export { type SamplingOptions, type SamplingSession, startSampling } from './sampling/session';
export type { TimerChoice } from './sampling/timer-choice';

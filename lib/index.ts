// The public API.

export { DEFAULT_INTERVAL_US, PRODUCTION_INTERVAL_US } from './config';
export { type SamplingOptions, type SamplingSession, startSampling } from './sampling/session';

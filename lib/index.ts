// The public API.
export { startSampling, type SamplingOptions, type SamplingSession } from './sampling/session';
export { DEFAULT_INTERVAL_US, PRODUCTION_INTERVAL_US } from './config';

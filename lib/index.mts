// ES-module entry: the same API as the CommonJS one, named.
import { createRequire } from 'node:module';
import type * as api from './index.js';

const cjs = createRequire(import.meta.url)('./index.js') as typeof api;

export const { startSampling, progress, begin, end, DEFAULT_INTERVAL_US, PRODUCTION_INTERVAL_US } =
  cjs;
export type { SamplingOptions, SamplingSession, TimerChoice } from './index.js';

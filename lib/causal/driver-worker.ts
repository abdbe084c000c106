// Entry of the driver's worker thread (started by run-mode.ts, excluded from sampling).
import { workerData } from 'node:worker_threads';
import { loadNative } from '../native';
import { ExperimentDriver } from './driver';
import type { DriverConfig } from './driver-config';

const { config, control, endToEnd } = workerData as {
  config: DriverConfig;
  control: SharedArrayBuffer;
  endToEnd: SharedArrayBuffer;
};
new ExperimentDriver(loadNative(), config, new Int32Array(control), endToEnd).run();

// A preload for the worker of wake-new-worker.js, run before the agent's: it holds the worker
// back from registering with the profiler until the global delay count has grown by
// workerData.startGrowthMs since this thread started, so that a worker started at the global
// count would start visibly later than its creator's count at the spawn.
const { workerData } = require('node:worker_threads');
const { native } = require('./wake-common');

const from = native.delayState().globalNs;
const t0 = Date.now();
while (native.delayState().globalNs - from < workerData.startGrowthMs * 1e6) {
  if (Date.now() - t0 > 5000) break;
}
global.wakeSlowStartMs = Date.now() - t0;

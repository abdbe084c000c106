// The preload agent: `node --require causalprof/agent app.js` (or --import for ES modules).
// Workers inherit the preload, so every JS thread registers here before its user code
// compiles, which is what gives the code map its line tables.
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { installHttpLatencyPoint } from '../causal/http-latency';
import { INTERNAL_WORKER_KEY } from '../causal/internal-worker';
import { installWakeHooks } from '../causal/wake-hooks';
import { readAgentEnv, UsageError } from '../config';
import { loadNative } from '../native';
import { NativeBinaryError } from '../native-binary';
import { registerThisThread } from '../threads';
import { reportListening } from './ready-signal';
import { startRunMode } from './run-mode';
import { startSampleMode } from './sample-mode';
import { applyTierFlags } from './tiers';

function isInternalWorker(): boolean {
  return (
    !isMainThread &&
    typeof workerData === 'object' &&
    workerData !== null &&
    INTERNAL_WORKER_KEY in workerData
  );
}

function main(): void {
  if (isInternalWorker()) return;
  let env: ReturnType<typeof readAgentEnv>;
  try {
    env = readAgentEnv(process.env);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`causalprof: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (isMainThread && env.tiers === 'lines') applyTierFlags();
  if (env.readyFile !== undefined) reportListening(env.readyFile); // a worker may be the server
  try {
    registerThisThread();
  } catch (err) {
    if (!(err instanceof NativeBinaryError)) throw err;
    process.stderr.write(`causalprof: ${err.message}\n`);
    // Asked for a profile (`run`, `sample`): none can be had, so say so and stop. Preloaded
    // for in-process sampling only: the program runs on, unprofiled.
    if (env.mode !== undefined) process.exit(1);
    return;
  }
  if (env.mode === 'run') {
    const OriginalWorker = Worker;
    if (isMainThread) startRunMode(env, OriginalWorker);
    installWakeHooks(loadNative());
    if (env.run.httpLatency) installHttpLatencyPoint();
  } else if (isMainThread && env.mode === 'sample') {
    startSampleMode(env);
  }
}

main();

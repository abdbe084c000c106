// The preload agent: `node --require causalprof/agent app.js` (or --import for ES modules).
// Workers inherit the preload, so every JS thread registers here before its user code
// compiles, which is what gives the code map its line tables.
import { isMainThread, workerData } from 'node:worker_threads';
import { readAgentEnv, UsageError } from '../config';
import { registerThisThread } from '../threads';
import { startSampleMode } from './sample-mode';
import { applyTierFlags } from './tiers';

const INTERNAL_WORKER = '__causalprofInternalWorker';

function isInternalWorker(): boolean {
  return (
    !isMainThread &&
    typeof workerData === 'object' &&
    workerData !== null &&
    INTERNAL_WORKER in workerData
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
  if (isMainThread && !env.keepTiers) applyTierFlags();
  registerThisThread();
  if (isMainThread && env.mode === 'sample') startSampleMode(env);
}

main();

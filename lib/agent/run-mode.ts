// `causalprof run`: sample every thread, run experiments from a worker of our own, and keep
// the profile whole however the program ends (every finished experiment is already in the
// file; exit adds the samples and runtime records).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { CONTROL, type DriverConfig } from '../causal/driver-config';
import { endToEndBuffer } from '../causal/end-to-end';
import { finishProfile } from '../causal/finish-profile';
import { INTERNAL_WORKER_KEY } from '../causal/internal-worker';
import type { AgentEnv } from '../config';
import { loadNative } from '../native';
import { formatRecord } from '../profile/writer';
import { replacedHandler } from '../sampling/session';
import { causalTimerMode, perfFallbackNote } from '../sampling/timer-choice';
import { onProcessEnd } from './exit-hooks';
import { treeRoot } from './tree-root';

/** Named by pid: in a process tree (a cluster's primary) the others may have run experiments. */
const noProgressHelp = () =>
  `causalprof: no progress point was reached in process ${process.pid} (${commandLine()}), so it ran no experiments. Mark where a unit of work completes with \`require('causalprof').progress('name')\` (or begin/end around a request), or run with --http-latency for an HTTP server.`;

/** The program as a user would type it: "node server.js --port 80" (arguments quoted where needed). */
function commandLine(): string {
  const words = [path.basename(process.execPath), ...process.execArgv, ...process.argv.slice(1)];
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : JSON.stringify(w))).join(' ');
}

// Must be called before the wake hooks replace worker_threads.Worker.
export function startRunMode(env: AgentEnv, OriginalWorker: typeof Worker): void {
  const native = loadNative();
  const output = path.resolve(env.output ?? 'profile.coz');
  const startNs = process.hrtime.bigint();
  const time = Date.now() * 1_000_000;
  const asked = causalTimerMode(env.timer, env.intervalUs);
  const status = native.startSampling(env.intervalUs, asked, false);
  const fallback = perfFallbackNote(asked, status.timer);
  if (fallback !== undefined) process.stderr.write(`causalprof: ${fallback}\n`);
  fs.appendFileSync(
    output,
    formatRecord({
      type: 'startup',
      time,
      cores: os.availableParallelism(),
      seed: env.run.seed,
      command: commandLine(),
      cwd: process.cwd(),
      node: process.version,
      sampler: status.timer,
      interval_us: env.intervalUs,
      pid: process.pid,
    }),
  );
  if (status.timer === 'none') {
    process.stderr.write(
      'causalprof: could not start a sampling timer on this thread; no experiments will run\n',
    );
  }
  const config: DriverConfig = {
    output,
    intervalUs: env.intervalUs,
    fixedLine: env.run.fixedLine,
    fixedSpeedups: env.run.fixedSpeedups,
    endToEnd: env.run.endToEnd,
    scope: env.run.scope,
    seed: env.run.seed,
    policy: env.run.policy,
    cwd: process.cwd(),
    treeRoot: treeRoot(),
    startNs: String(startNs),
    stopFile: env.run.stopFile,
    finishOnStop: !env.run.keepRunning,
  };
  const control = new Int32Array(new SharedArrayBuffer(CONTROL.size * 4));
  const endToEnd = endToEndBuffer(native.progressLayout.maxPoints);
  if (env.run.noDriver) return;
  const driver = new OriginalWorker(path.join(__dirname, '..', 'causal', 'driver-worker.js'), {
    workerData: { [INTERNAL_WORKER_KEY]: true, config, control: control.buffer, endToEnd },
    execArgv: [],
    stdout: false,
    stderr: false,
  });
  driver.unref(); // the program decides when the process ends
  driver.on('error', (err) =>
    process.stderr.write(`causalprof: experiment driver failed: ${err.message}\n`),
  );

  onProcessEnd(() => {
    Atomics.store(control, CONTROL.stopping, 1);
    const last = native.status();
    if (last.signalHandlerReplaced) {
      process.stderr.write(
        `causalprof: ${replacedHandler(last)}, and delays with them: experiments since then measured nothing\n`,
      );
    }
    // Already written by the driver if the CLI stopped the run: the CLI then says what happened.
    if (!finishProfile(native, config, control, endToEnd)) return;
    if (Atomics.load(control, CONTROL.progressSeen) === 0) {
      process.stderr.write(`${noProgressHelp()}\n`);
    } else if (
      config.fixedLine !== undefined &&
      Atomics.load(control, CONTROL.fixedLineFound) === 0
    ) {
      process.stderr.write(
        `causalprof: --fixed-line ${config.fixedLine}: no such site was sampled; run \`causalprof report\` on a profile without it to see the sites that were\n`,
      );
    }
  });
}

// `causalprof run [options] -- <command...>`
import * as fs from 'node:fs';
import { makeScope } from '../causal/scope';
import {
  DEFAULT_INTERVAL_US,
  ENV,
  parseSpeedupList,
  UsageError,
  validateFixedLine,
  validateIntervalUs,
  validatePolicy,
  validateSeed,
  validateTimer,
} from '../config';
import { hasOutputPattern } from '../output-pattern';
import type { RunSummary } from '../report';
import { RUN_TIMER_CHOICES_TEXT } from '../sampling/timer-choice';
import { LiveReport } from './live-report';
import { parseLoadOptions, runProgram } from './load';
import { checkWritable } from './output-path';
import { StatusLine } from './status-line';
import { NO_UNTIL, parseUntilOptions, StopController } from './until';

export interface RunOptions {
  output: string;
  fixedLine?: string;
  fixedSpeedup?: string;
  endToEnd?: boolean;
  scope: string[];
  intervalUs: string;
  /** The old name of --interval-us. */
  sampleIntervalUs?: string;
  seed?: string;
  httpLatency?: boolean;
  timer: string;
  keepTiers?: boolean;
  load?: string;
  ready?: string;
  readyTimeout?: string;
  policy: string;
  until?: string;
  maxSeconds?: string;
  keepRunning?: boolean;
}

export const RUN_DEFAULTS = {
  output: 'profile.coz',
  intervalUs: String(DEFAULT_INTERVAL_US),
  timer: 'auto',
  policy: 'adaptive',
};

export async function runCommand(command: string[], opts: RunOptions): Promise<number> {
  if (command.length === 0) {
    throw new UsageError(
      'run: no command to profile; usage: causalprof run [options] -- node app.js',
    );
  }
  makeScope(opts.scope, process.cwd()); // a bad pattern is refused here, before the program runs
  const env: Record<string, string> = {
    [ENV.mode]: 'run',
    [ENV.intervalUs]: String(
      opts.sampleIntervalUs !== undefined
        ? validateIntervalUs(opts.sampleIntervalUs, '--sample-interval-us')
        : validateIntervalUs(opts.intervalUs, '--interval-us'),
    ),
    [ENV.timer]: opts.timer,
    [ENV.scope]: JSON.stringify(opts.scope),
  };
  if (validateTimer(opts.timer, '--timer ') === 'ring') {
    throw new UsageError(
      `--timer ring: causal experiments pay their delays in the sampling signal's handler, which the ring does without; use ${RUN_TIMER_CHOICES_TEXT} (ring is for causalprof sample)`,
    );
  }
  if (opts.fixedLine !== undefined)
    env[ENV.fixedLine] = validateFixedLine(opts.fixedLine, '--fixed-line');
  if (opts.fixedSpeedup !== undefined) {
    env[ENV.fixedSpeedup] = parseSpeedupList(opts.fixedSpeedup, '--fixed-speedup')
      .map((f) => Math.round(f * 100))
      .join(',');
  }
  if (opts.seed !== undefined) env[ENV.seed] = String(validateSeed(opts.seed, '--seed'));
  if (opts.endToEnd) env[ENV.endToEnd] = '1';
  if (opts.httpLatency) env[ENV.httpLatency] = '1';
  env[ENV.tiers] = opts.keepTiers ? 'v8' : 'lines';
  env[ENV.policy] = validatePolicy(opts.policy, '--policy ');
  const load = parseLoadOptions(opts);
  const until = parseUntilOptions(opts);
  if (hasOutputPattern(opts.output)) {
    throw new UsageError(
      `--output ${opts.output}: run writes one profile for all the program's processes (each experiment names its pid); %p and %h are for the agent's ${ENV.output} alone`,
    );
  }
  const output = checkWritable(opts.output, '--output'); // appended to, as Coz does
  env[ENV.output] = output;

  const startOffset = fileSize(output);
  const live = new LiveReport(output, startOffset);
  // Always there: Ctrl-C also stops a run through it (until.ts).
  const stopper = new StopController(until ?? NO_UNTIL, live);
  env[ENV.stopFile] = stopper.stopFile;
  if (until?.keepRunning) env[ENV.keepRunning] = '1';
  const status = process.stderr.isTTY ? new StatusLine(output, startOffset) : undefined;
  status?.start();
  const { status: programStatus } = await runProgram(command, env, load, {
    started: (child) => stopper.start(child),
    stopRequested: () => stopper.reason !== undefined && !until?.keepRunning,
  }).finally(() => {
    status?.stop();
    stopper.stop();
  });
  if (stopper.reason !== undefined) {
    process.stderr.write(`causalprof: experiments stopped: ${stopper.reason}\n`);
  }
  if (stopper.killedNote !== undefined) process.stderr.write(`causalprof: ${stopper.killedNote}\n`);
  const report = live.read();
  const experiments = report?.experimentsRead ?? 0;
  const verdict =
    report === undefined
      ? ''
      : `; ${report.settled.settled ? 'the answer settled' : 'the answer has not settled'}`;
  process.stderr.write(
    `causalprof: ${experiments} experiment${experiments === 1 ? '' : 's'}${processesNote(report?.runs ?? [])} appended to ${output}${verdict}${experiments > 0 ? '; read it with `causalprof report`' : ''}\n`,
  );
  // Interrupted, and ended with SIGKILL because it ignored SIGINT: report it as a Ctrl-C.
  if (stopper.interruptedByUser && programStatus === 128 + 9) return 128 + 2;
  // A --fixed-line that never matched a sampled site is bad input (the agent said why).
  if (experiments === 0 && opts.fixedLine !== undefined && programStatus === 0) return 2;
  return programStatus;
}

/** " from 2 of 3 processes (none from pid 41: node cluster.js)" when the program was several. */
function processesNote(runs: readonly RunSummary[]): string {
  if (runs.length < 2) return '';
  const idle = runs.filter((r) => r.experiments === 0);
  const named = idle
    .map(
      (r) => `${r.pid === null ? 'a process' : `pid ${r.pid}`}${r.command ? `: ${r.command}` : ''}`,
    )
    .join('; ');
  return ` from ${runs.length - idle.length} of ${runs.length} processes${idle.length > 0 ? ` (none from ${named})` : ''}`;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

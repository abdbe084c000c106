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
  validateSeed,
  validateTimer,
} from '../config';
import { RUN_TIMER_CHOICES_TEXT } from '../sampling/timer-choice';
import { parseLoadOptions, runProgram } from './load';
import { checkWritable } from './output-path';
import { StatusLine } from './status-line';

export interface RunOptions {
  output: string;
  fixedLine?: string;
  fixedSpeedup?: string;
  endToEnd?: boolean;
  scope: string[];
  sampleIntervalUs: string;
  seed?: string;
  httpLatency?: boolean;
  timer: string;
  keepTiers?: boolean;
  load?: string;
  ready?: string;
  readyTimeout?: string;
}

export const RUN_DEFAULTS = {
  output: 'profile.coz',
  sampleIntervalUs: String(DEFAULT_INTERVAL_US),
  timer: 'auto',
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
    [ENV.intervalUs]: String(validateIntervalUs(opts.sampleIntervalUs, '--sample-interval-us')),
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
  const load = parseLoadOptions(opts);
  const output = checkWritable(opts.output, '--output'); // appended to, as Coz does
  env[ENV.output] = output;

  const startOffset = fileSize(output);
  const status = process.stderr.isTTY ? new StatusLine(output, startOffset) : undefined;
  status?.start();
  const { status: programStatus } = await runProgram(command, env, load).finally(() =>
    status?.stop(),
  );
  const experiments = countExperiments(output, startOffset);
  process.stderr.write(
    `causalprof: ${experiments} experiment${experiments === 1 ? '' : 's'} appended to ${output}${experiments > 0 ? '; read it with `causalprof report`' : ''}\n`,
  );
  // A --fixed-line that never matched a sampled site is bad input (the agent said why).
  if (experiments === 0 && opts.fixedLine !== undefined && programStatus === 0) return 2;
  return programStatus;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function countExperiments(file: string, from: number): number {
  try {
    const text = fs.readFileSync(file).subarray(from).toString('utf8');
    return text.split('\n').filter((l) => l.startsWith('{"type":"experiment"')).length;
  } catch {
    return 0;
  }
}

// `causalprof sample [options] -- <command...>`
import * as fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { DEFAULT_INTERVAL_US, ENV, UsageError, validateIntervalUs, validateTimer } from '../config';
import { parseLoadOptions, runProgram } from './load';
import { checkWritable } from './output-path';

export interface SampleOptions {
  output: string;
  intervalUs: string;
  timer: string;
  linePrecision?: boolean;
  load?: string;
  ready?: string;
  readyTimeout?: string;
}

export async function sampleCommand(command: string[], opts: SampleOptions): Promise<number> {
  if (command.length === 0) {
    throw new UsageError(
      'sample: no command to profile; usage: causalprof sample [options] -- node app.js',
    );
  }
  const intervalUs = validateIntervalUs(opts.intervalUs, '--interval-us');
  validateTimer(opts.timer, '--timer ');
  const load = parseLoadOptions(opts);
  const output = checkWritable(opts.output, '--output');
  fs.rmSync(output, { force: true }); // a stale profile must not pass for this run's
  const { status } = await runProgram(
    command,
    {
      [ENV.mode]: 'sample',
      [ENV.output]: output,
      [ENV.intervalUs]: String(intervalUs),
      [ENV.timer]: opts.timer,
      [ENV.tiers]: opts.linePrecision ? 'lines' : 'v8',
    },
    load,
  );
  reportOutput(output);
  return status;
}

function reportOutput(output: string): void {
  if (!fs.existsSync(output)) {
    process.stderr.write(
      `causalprof: no profile was written to ${output}: the command did not start Node with the agent (is it a node program?), or it was killed by SIGKILL\n`,
    );
    return;
  }
  if (output.endsWith('.html') || output.endsWith('.htm')) {
    process.stderr.write(
      `causalprof: wrote ${output}: a flame graph per thread and merged; open it in a browser (it needs no network)\n`,
    );
    return;
  }
  if (output.endsWith('.cpuprofile')) {
    const profile = JSON.parse(fs.readFileSync(output, 'utf8')) as { samples: number[] };
    process.stderr.write(
      `causalprof: wrote ${output}: ${profile.samples.length} samples (Chrome DevTools format)\n`,
    );
    return;
  }
  const profile = Profile.decode(gunzipSync(fs.readFileSync(output)));
  let samples = 0;
  for (const s of profile.sample) samples += Number(s.value[0] ?? 0);
  const threads = new Set(profile.sample.map((s) => String(s.label[0]?.str)));
  const comment = profile.stringTable.strings[Number(profile.comment[0] ?? 0)] ?? '';
  process.stderr.write(
    `causalprof: wrote ${output}: ${samples} samples from ${threads.size} thread(s); ${comment.replace(/^causalprof: /, '')}\n`,
  );
}

export const SAMPLE_DEFAULTS = {
  output: 'cpu.pb.gz',
  intervalUs: String(DEFAULT_INTERVAL_US),
  timer: 'auto',
};

// `causalprof sample [options] -- <command...>`
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { DEFAULT_INTERVAL_US, ENV, UsageError, validateIntervalUs, validateTimer } from '../config';
import {
  besideProfile,
  expandOutputPattern,
  hasOutputPattern,
  outputPatternRegExp,
} from '../output-pattern';
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
  expandOutputPattern(opts.output, '--output '); // refuses an unknown %, before the run
  const pattern = hasOutputPattern(opts.output);
  if (pattern && hasOutputPattern(path.dirname(opts.output))) {
    throw new UsageError(
      `--output ${opts.output}: %p and %h may stand in the file's name, not in its directory`,
    );
  }
  // A stale profile must not pass for this run's: removed, or (one file per process)
  // told apart by its time.
  if (!pattern) fs.rmSync(output, { force: true });
  const startedMs = Date.now();
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
  // Processes the program started wrote beside it, their pids in the names (sample-mode.ts).
  const written = filesOfPattern(pattern ? output : childPattern(output), startedMs);
  if (!pattern || written.length === 0) reportOutput(output);
  for (const file of written) reportOutput(file);
  return status;
}

/** cpu.pb.gz -> cpu-%p.pb.gz: where the program's other processes write (sample-mode.ts). */
function childPattern(output: string): string {
  return besideProfile(output.replace(/%/g, '%%'), '%p');
}

/** The files a %p/%h output expanded to in this run (written since it started). */
function filesOfPattern(output: string, sinceMs: number): string[] {
  const dir = path.dirname(output);
  const name = outputPatternRegExp(path.basename(output));
  return fs
    .readdirSync(dir)
    .filter((f) => name.test(f))
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).mtimeMs >= sinceMs - 1)
    .sort();
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

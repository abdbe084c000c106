#!/usr/bin/env node
// The `causalprof` command.
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../config';
import { ProfileError } from '../profile/errors';
import { ReportError } from '../report';
import { printable } from '../report/format';
import { RUN_TIMER_CHOICES_TEXT, TIMER_CHOICES_TEXT } from '../sampling/timer-choice';
import { DEFAULT_READY_TIMEOUT_S } from './load';
import { reportCommand } from './report-command';
import { RUN_DEFAULTS, runCommand } from './run-command';
import { SAMPLE_DEFAULTS, sampleCommand } from './sample-command';

function fail(message: string, status = 2): never {
  // Messages name files and sites, whose names may hold terminal control characters.
  process.stderr.write(`causalprof: ${printable(message)}\n`);
  process.exit(status);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** --load, --ready, --ready-timeout: the same for run and sample. */
function withLoadOptions(command: Command): Command {
  return command
    .option(
      '--load <command>',
      'once the program is ready, run this load generator (through /bin/sh); when it exits, stop the program with SIGINT',
    )
    .option(
      '--ready <regex>',
      'the program is ready when a line of its output matches (default: when it listens on a port)',
    )
    .option(
      '--ready-timeout <seconds>',
      `how long to wait for ready (default ${DEFAULT_READY_TIMEOUT_S})`,
    );
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('causalprof')
    .description('Causal and sampling profiler for Node.js, across worker threads')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  let status = 0;
  withLoadOptions(program.command('sample'))
    .description('sample every JS thread of a command and write a pprof CPU profile')
    .argument('<command...>', 'the program to profile, after --')
    .option(
      '-o, --output <file>',
      'where to write the profile: *.pb.gz gzipped pprof, *.cpuprofile Chrome DevTools, *.html a flame graph page',
      SAMPLE_DEFAULTS.output,
    )
    .option(
      '-i, --interval-us <us>',
      'microseconds of thread CPU time between samples',
      SAMPLE_DEFAULTS.intervalUs,
    )
    .option('--timer <kind>', TIMER_CHOICES_TEXT, SAMPLE_DEFAULTS.timer)
    .option(
      '--line-precision',
      'turn Sparkplug/Maglev off, so every sample has a line (costs ~3%; default: leave the tiers alone)',
    )
    .action(async (command: string[], opts) => {
      status = await sampleCommand(command, opts);
    });

  withLoadOptions(program.command('run'))
    .description('run a command with causal profiling experiments; appends to a Coz-format profile')
    .argument('<command...>', 'the program to profile, after --')
    .option('-o, --output <file>', 'profile to append to', RUN_DEFAULTS.output)
    .option(
      '--fixed-line <site>',
      'only speed up this site: <file>:<line> (suffix match) or a native function (deflate_slow, sha256_*)',
    )
    .option(
      '--fixed-speedup <percent>',
      'only use this speedup, 0-100 (a list such as 0,25,50 takes turns)',
    )
    .option('--end-to-end', 'one experiment over the whole run (combine runs with report)')
    .option(
      '--scope <glob>',
      "what may be a site (repeatable): node:<specifier glob>, npm:<package>, native[:<library>[:<symbol>]] add to the program's own files; a file glob replaces them",
      collect,
      [],
    )
    .option(
      '-i, --interval-us <us>',
      'microseconds of thread CPU time between samples',
      RUN_DEFAULTS.intervalUs,
    )
    // The same, under the name it had before `sample` and `run` shared one.
    .addOption(new Option('--sample-interval-us <us>').hideHelp())
    .option('--seed <n>', 'seed of the experiment choices')
    .option('--http-latency', "add a latency point 'http' from each HTTP request to its response")
    .option('--timer <kind>', RUN_TIMER_CHOICES_TEXT, RUN_DEFAULTS.timer)
    .option(
      '--keep-tiers',
      'leave Sparkplug/Maglev on (their samples get function, not line, precision)',
    )
    .option(
      '--policy <name>',
      "how experiments are chosen: 'adaptive' (where they narrow the answer most) or 'coz' (Coz's: lines by samples, speedups at random)",
      RUN_DEFAULTS.policy,
    )
    .option(
      '--until <condition>',
      "'confident': stop experimenting, and the program (SIGINT), once the leading lines' intervals are narrow and their order is clear",
    )
    .option('--max-seconds <s>', 'stop experimenting, and the program, after this many seconds')
    .option(
      '--keep-running',
      'with --until or --max-seconds: let the program run on without experiments',
    )
    .action(async (command: string[], opts) => {
      status = await runCommand(command, opts);
    });

  program
    .command('report')
    .description("rank lines by causal impact from one or more profiles (ours or Coz's)")
    .argument('[files...]', 'profiles to merge (default: profile.coz)')
    .option(
      '--format <format>',
      "'text', 'json' or 'html' (one offline page with a plot per site); default: from -o's extension, else text",
    )
    .option('-o, --output <file>', 'write the report here instead of stdout')
    .option('--progress-point <name>', 'report only this progress point')
    .option(
      '--baseline <mode>',
      "what experiments are compared with: 'trend', the run's 0% experiments around the same time; 'pooled', all of them; 'per-site', the line's own, as Coz",
      'trend',
    )
    .action((files: string[], opts) => {
      status = reportCommand(files, opts);
    });

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed its one-line message
      return err.exitCode === 0 ? 0 : 2;
    }
    throw err;
  }
  return status;
}

main(process.argv).then(
  (status) => {
    process.exitCode = status;
  },
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ProfileError || err instanceof ReportError)
      fail(err.message);
    if (err instanceof Error)
      fail(process.env.CAUSALPROF_DEBUG ? String(err.stack) : err.message, 1);
    fail(String(err));
  },
);

#!/usr/bin/env node
// The `causalprof` command.
import { Command, CommanderError } from 'commander';
import { UsageError } from '../config';
import { SAMPLE_DEFAULTS, sampleCommand } from './sample-command';

function fail(message: string, status = 2): never {
  process.stderr.write(`causalprof: ${message}\n`);
  process.exit(status);
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('causalprof')
    .description('Causal and sampling profiler for Node.js, across worker threads')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  let status = 0;
  program
    .command('sample')
    .description('sample every JS thread of a command and write a pprof CPU profile')
    .argument('<command...>', 'the program to profile, after --')
    .option(
      '-o, --output <file>',
      'where to write the gzipped pprof profile',
      SAMPLE_DEFAULTS.output,
    )
    .option(
      '-i, --interval-us <us>',
      'microseconds of thread CPU time between samples',
      SAMPLE_DEFAULTS.intervalUs,
    )
    .option(
      '--timer <kind>',
      "'auto' (perf_event task-clock, else POSIX CPU timer) or 'posix'",
      SAMPLE_DEFAULTS.timer,
    )
    .option(
      '--keep-tiers',
      'leave Sparkplug/Maglev on (their samples get function, not line, precision)',
    )
    .action(async (command: string[], opts) => {
      status = await sampleCommand(command, opts);
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
    if (err instanceof UsageError || err instanceof Error) fail(err.message);
    fail(String(err));
  },
);

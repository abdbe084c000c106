// `--load <command>`: one command profiles a server under load. The program starts under the
// profiler; once it is ready (it listens on a port, or prints a line matching --ready) the
// load generator starts (h2load, wrk, autocannon, any script, through /bin/sh); when the load
// exits the program is stopped with SIGINT, as a user at the terminal would, and its profile
// is written as on any SIGINT. The load's output passes through. `{port}` in the command
// stands for the port the program listened on first (a server on port 0 gets one at random).
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ENV, UsageError } from '../config';
import { exitStatus, type ProfiledExit, startProfiled } from './spawn-profiled';

export const DEFAULT_READY_TIMEOUT_S = 30;
/** After the load: how long the program has to end on SIGINT, then on SIGTERM, before SIGKILL. */
const STOP_GRACE_MS = 10_000;
const READY_POLL_MS = 50;

export interface LoadOptions {
  command: string;
  /** Ready when a line of the program's output matches; else when it listens on a port. */
  ready: RegExp | undefined;
  readyTimeoutMs: number;
}

export interface LoadOutcome {
  exit: ProfiledExit;
  /** The load's exit status; null if it never ran. */
  loadStatus: number | null;
  /** One line for the user when something went wrong (the program or the load). */
  problem: string | undefined;
  /** The program ended because we stopped it once the load was done. */
  stoppedAfterLoad: boolean;
}

export function parseLoadOptions(opts: {
  load?: string;
  ready?: string;
  readyTimeout?: string;
}): LoadOptions | undefined {
  if (opts.load === undefined) {
    if (opts.ready !== undefined || opts.readyTimeout !== undefined) {
      throw new UsageError('--ready and --ready-timeout need --load <command>');
    }
    return undefined;
  }
  if (opts.load.trim() === '')
    throw new UsageError(
      '--load: give the load command, e.g. --load "h2load -D 30 https://127.0.0.1:8443/"',
    );
  let ready: RegExp | undefined;
  if (opts.ready !== undefined) {
    try {
      ready = new RegExp(opts.ready);
    } catch (err) {
      throw new UsageError(
        `--ready ${opts.ready}: not a regular expression (${(err as Error).message})`,
      );
    }
  }
  const seconds =
    opts.readyTimeout === undefined ? DEFAULT_READY_TIMEOUT_S : Number(opts.readyTimeout);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new UsageError(
      `--ready-timeout ${opts.readyTimeout}: give seconds from 1 to 3600 (default ${DEFAULT_READY_TIMEOUT_S})`,
    );
  }
  return { command: opts.load, ready, readyTimeoutMs: seconds * 1000 };
}

function describeExit(exit: ProfiledExit): string {
  return exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/** The port of the agent's first "listening <pid> <address>:<port>" line, once there is one. */
function listenedPort(readyFile: string): string | undefined {
  try {
    const first = fs.readFileSync(readyFile, 'utf8').split('\n')[0] ?? '';
    return /^listening \d+ .*:(\d+)$/.exec(first)?.[1];
  } catch {
    return undefined; // not yet
  }
}

/**
 * Resolves once the program is ready, with the port it listened on when that is what made it
 * ready; never rejects (the caller races it).
 */
function whenReady(
  load: LoadOptions,
  readyFile: string,
  onLine: { fn?: (line: string) => void },
): Promise<{ port: string | undefined }> {
  return new Promise((resolve) => {
    if (load.ready !== undefined) {
      const re = load.ready;
      onLine.fn = (line) => {
        if (re.test(line)) resolve({ port: undefined });
      };
      return;
    }
    const timer = setInterval(() => {
      const port = listenedPort(readyFile);
      if (port !== undefined) {
        clearInterval(timer);
        resolve({ port });
      }
    }, READY_POLL_MS);
    timer.unref();
  });
}

function delay(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
}

/** SIGINT, then SIGTERM, then SIGKILL, each after STOP_GRACE_MS, until the program ends. */
async function stop(child: ChildProcess, exited: Promise<ProfiledExit>): Promise<ProfiledExit> {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    child.kill(signal);
    const r = await Promise.race([exited, delay(STOP_GRACE_MS)]);
    if (r !== 'timeout') return r;
    process.stderr.write(`causalprof: the program did not end after ${signal}\n`);
  }
  return exited;
}

/** What the caller may do to a running program (run --until). */
export interface ProgramHooks {
  /** Called with the program's process once it is started. */
  started?: (child: ChildProcess) => void;
  /** True once the caller has stopped the program on purpose: its end is then no problem. */
  stopRequested?: () => boolean;
}

export async function runWithLoad(
  command: string[],
  env: Record<string, string>,
  load: LoadOptions,
  hooks: ProgramHooks = {},
): Promise<LoadOutcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'causalprof-ready-'));
  const readyFile = path.join(dir, 'listening');
  const onLine: { fn?: (line: string) => void } = {};
  const program = startProfiled(
    command,
    load.ready === undefined ? { ...env, [ENV.readyFile]: readyFile } : env,
    {
      onOutputLine: load.ready === undefined ? undefined : (line) => onLine.fn?.(line),
    },
  );
  hooks.started?.(program.child);
  let ended = false;
  program.exited.then(
    () => {
      ended = true;
    },
    () => {
      ended = true;
    },
  );
  try {
    let port: string | undefined;
    const first = await Promise.race([
      whenReady(load, readyFile, onLine).then((r) => {
        port = r.port;
        return 'ready' as const;
      }),
      program.exited,
      delay(load.readyTimeoutMs),
    ]);
    if (first === 'timeout') {
      const what =
        load.ready === undefined
          ? 'listen on a port'
          : `print a line matching /${load.ready.source}/`;
      const exit = await stop(program.child, program.exited);
      return {
        exit,
        loadStatus: null,
        problem: `the program did not ${what} within ${load.readyTimeoutMs / 1000} s (--ready-timeout), so the load was not started and the program was stopped`,
        stoppedAfterLoad: false,
      };
    }
    if (first !== 'ready') {
      return {
        exit: first,
        loadStatus: null,
        problem: `the program ${describeExit(first)} before it was ready; the load was not started`,
        stoppedAfterLoad: false,
      };
    }
    const loadCommand = port === undefined ? load.command : load.command.replaceAll('{port}', port);
    if (loadCommand.includes('{port}')) {
      const exit = await stop(program.child, program.exited);
      return {
        exit,
        loadStatus: null,
        problem:
          '--load uses {port}, which only a program made ready by listening on a port has (not --ready)',
        stoppedAfterLoad: false,
      };
    }
    const generator = spawn('/bin/sh', ['-c', loadCommand], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const loadExited = new Promise<number>((resolve) => {
      generator.on('error', () => resolve(127));
      generator.on('exit', (code, signal) =>
        resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 1)),
      );
    });
    const next = await Promise.race([loadExited.then((status) => ({ status })), program.exited]);
    if ('status' in next) {
      const exit = await stop(program.child, program.exited);
      const problem =
        next.status === 127
          ? `the load command could not be run (exit 127: not found?): ${loadCommand}`
          : next.status !== 0
            ? `the load exited with status ${next.status}: ${loadCommand}`
            : undefined;
      return { exit, loadStatus: next.status, problem, stoppedAfterLoad: true };
    }
    generator.kill('SIGTERM');
    const loadStatus = await loadExited;
    if (hooks.stopRequested?.()) {
      return { exit: next, loadStatus: 0, problem: undefined, stoppedAfterLoad: true };
    }
    return {
      exit: next,
      loadStatus,
      problem: `the program ${describeExit(next)} while the load was running`,
      stoppedAfterLoad: false,
    };
  } finally {
    // However we leave (a failure of our own included), the program does not outlive us.
    if (!ended) program.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The status for `run`/`sample` with --load: the load's failure first; a program that ended on
 * our SIGINT (by the signal, or by exiting 0 or 130 for it) succeeded.
 */
export function loadExitStatus(outcome: LoadOutcome, programStatus: number): number {
  if (outcome.loadStatus !== null && outcome.loadStatus !== 0) return outcome.loadStatus;
  if (outcome.problem !== undefined && programStatus === 0) return 1;
  if (outcome.stoppedAfterLoad && (outcome.exit.signal === 'SIGINT' || programStatus === 130))
    return 0;
  return programStatus;
}

/** Runs the program, under load when asked; reports a problem in one line; the exit status to give. */
export async function runProgram(
  command: string[],
  env: Record<string, string>,
  load: LoadOptions | undefined,
  hooks: ProgramHooks = {},
): Promise<{ exit: ProfiledExit; status: number }> {
  if (load === undefined) {
    const program = startProfiled(command, env);
    hooks.started?.(program.child);
    const exit = await program.exited;
    // Stopped on purpose (run --until: SIGINT, or SIGKILL if it ignored that): no failure.
    const stopped =
      hooks.stopRequested?.() &&
      (exit.signal === 'SIGINT' || exit.signal === 'SIGKILL' || exit.code === 130);
    return { exit, status: stopped ? 0 : exitStatus(exit) };
  }
  const outcome = await runWithLoad(command, env, load, hooks);
  if (outcome.problem !== undefined) process.stderr.write(`causalprof: ${outcome.problem}\n`);
  return { exit: outcome.exit, status: loadExitStatus(outcome, exitStatus(outcome.exit)) };
}

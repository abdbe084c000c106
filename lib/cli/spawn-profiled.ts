// Runs the user's command with the agent preloaded and hands back its exit status.
// SIGINT and SIGTERM reach the program (a terminal's Ctrl-C reaches it directly; we
// forward what is sent to us alone), and we stay alive until it has written its profile.
import { type ChildProcess, spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { ENV } from '../config';

export interface ProfiledExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ProfiledProcess {
  child: ChildProcess;
  exited: Promise<ProfiledExit>;
}

export function agentPath(): string {
  return path.resolve(__dirname, '..', 'agent', 'agent.js');
}

function withPreload(nodeOptions: string | undefined): string {
  const agent = agentPath();
  const quoted = /\s/.test(agent) ? `"${agent}"` : agent;
  return [`--require ${quoted}`, nodeOptions ?? ''].join(' ').trim();
}

/** Calls onLine for each line of `stream`, passing the bytes through to `to` unchanged. */
function teeLines(
  stream: NodeJS.ReadableStream,
  to: NodeJS.WritableStream,
  onLine: (line: string) => void,
): void {
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    to.write(chunk);
    partial += chunk.toString('utf8');
    let i = partial.indexOf('\n');
    while (i >= 0) {
      onLine(partial.slice(0, i));
      partial = partial.slice(i + 1);
      i = partial.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (partial !== '') onLine(partial);
  });
}

/**
 * Starts the command. With `onOutputLine`, its stdout and stderr are piped through us (to
 * our own stdout and stderr) and each line is shown to the callback; otherwise the program
 * has our terminal.
 */
export function startProfiled(
  command: string[],
  env: Record<string, string>,
  options: { onOutputLine?: (line: string) => void } = {},
): ProfiledProcess {
  const [file, ...args] = command;
  if (file === undefined) throw new Error('startProfiled: empty command');
  const { onOutputLine } = options;
  const child = spawn(file, args, {
    stdio: onOutputLine ? ['inherit', 'pipe', 'pipe'] : 'inherit',
    env: {
      ...process.env,
      ...env,
      NODE_OPTIONS: withPreload(process.env.NODE_OPTIONS),
      // The program's first process is the root of its own tree (sample-mode.ts), whatever
      // this CLI inherited. (spawn leaves out a variable whose value is undefined.)
      [ENV.rootPid]: undefined,
    },
  });
  if (onOutputLine && child.stdout && child.stderr) {
    teeLines(child.stdout, process.stdout, onOutputLine);
    teeLines(child.stderr, process.stderr, onOutputLine);
  }
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const exited = new Promise<ProfiledExit>((resolve, reject) => {
    const done = () => {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
    };
    child.on('error', (err: NodeJS.ErrnoException) => {
      done();
      reject(err.code === 'ENOENT' ? new Error(`cannot run '${file}': command not found`) : err);
    });
    // Piped output is all through at 'close'; with our terminal, 'exit' is the end (a
    // grandchild may hold the terminal for longer).
    child.on(
      onOutputLine ? 'close' : 'exit',
      (code: number | null, signal: NodeJS.Signals | null) => {
        done();
        resolve({ code, signal });
      },
    );
  });
  return { child, exited };
}

export function spawnProfiled(
  command: string[],
  env: Record<string, string>,
): Promise<ProfiledExit> {
  return startProfiled(command, env).exited;
}

/** The exit status a shell would report for the child. */
export function exitStatus(exit: ProfiledExit): number {
  if (exit.code !== null) return exit.code;
  const number = exit.signal === null ? undefined : os.constants.signals[exit.signal];
  return 128 + (number ?? 1);
}

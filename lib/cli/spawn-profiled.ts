// Runs the user's command with the agent preloaded and hands back its exit status.
// SIGINT and SIGTERM reach the program (a terminal's Ctrl-C reaches it directly; we
// forward what is sent to us alone), and we stay alive until it has written its profile.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface ProfiledExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function agentPath(): string {
  return path.resolve(__dirname, '..', 'agent', 'agent.js');
}

function withPreload(nodeOptions: string | undefined): string {
  const agent = agentPath();
  const quoted = /\s/.test(agent) ? `"${agent}"` : agent;
  return [`--require ${quoted}`, nodeOptions ?? ''].join(' ').trim();
}

export function spawnProfiled(
  command: string[],
  env: Record<string, string>,
): Promise<ProfiledExit> {
  const [file, ...args] = command;
  if (file === undefined) throw new Error('spawnProfiled: empty command');
  const child = spawn(file, args, {
    stdio: 'inherit',
    env: { ...process.env, ...env, NODE_OPTIONS: withPreload(process.env.NODE_OPTIONS) },
  });
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) => {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
      reject(err.code === 'ENOENT' ? new Error(`cannot run '${file}': command not found`) : err);
    });
    child.on('exit', (code, signal) => {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
      resolve({ code, signal });
    });
  });
}

/** The exit status a shell would report for the child. */
export function exitStatus(exit: ProfiledExit): number {
  if (exit.code !== null) return exit.code;
  const signals: Record<string, number> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGKILL: 9,
    SIGSEGV: 11,
    SIGTERM: 15,
    SIGABRT: 6,
  };
  return 128 + (exit.signal !== null ? (signals[exit.signal] ?? 1) : 1);
}

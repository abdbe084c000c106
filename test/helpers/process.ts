// Child processes for the tests: run a node program to its exit, and how busy the machine
// was meanwhile (a disturbed measurement can be told apart and measured again).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface ProcResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** CPU time the whole machine was busy (all processes) while the child ran, ms. */
  machineBusyMs: number;
  /** Time the hypervisor gave our CPUs to someone else while the child ran, ms. */
  stealMs: number;
}

/** Machine-wide CPU times from /proc/stat, in ms (zeros where it cannot be read). */
export function machineCpu(): { busyMs: number; stealMs: number } {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
    const [user, nice, system, , , irq, softirq, steal] = f.slice(1).map(Number) as number[];
    const tick = 10; // USER_HZ = 100
    return {
      busyMs: ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)) * tick,
      stealMs: (steal ?? 0) * tick,
    };
  } catch {
    return { busyMs: 0, stealMs: 0 };
  }
}

/**
 * Runs `node args...` to its exit (killed after timeoutMs). `onStdoutLine` sees each line of
 * stdout as it arrives, for programs that announce something (a port) while they run.
 */
export function runNode(
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    onStdoutLine?: (line: string) => void;
  } = {},
): Promise<ProcResult> {
  const started = Date.now();
  const cpu0 = machineCpu();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (!options.onStdoutLine) return;
      partial += chunk;
      let i = partial.indexOf('\n');
      while (i >= 0) {
        options.onStdoutLine(partial.slice(0, i));
        partial = partial.slice(i + 1);
        i = partial.indexOf('\n');
      }
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 110_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const cpu1 = machineCpu();
      resolve({
        status,
        signal,
        stdout,
        stderr,
        ms: Date.now() - started,
        machineBusyMs: cpu1.busyMs - cpu0.busyMs,
        stealMs: cpu1.stealMs - cpu0.stealMs,
      });
    });
  });
}

/** Cores' worth of CPU used by others while `r` ran: machine busy + steal - the workload's own. */
export function otherCores(r: ProcResult, ownCpuMs: number | undefined): number {
  if (ownCpuMs === undefined || r.ms <= 0) return Number.NaN;
  return Math.max(0, r.machineBusyMs + r.stealMs - ownCpuMs) / r.ms;
}

// The fault suite: a real program under `causalprof run` ends badly in the middle of its
// experiments (signals, uncaught errors, unhandled rejections, process.exit(), SIGKILL), in
// the main thread or a worker, while the other thread runs or sleeps in a causal delay.
// Each time the profile keeps every experiment that was in it before the fault, every line
// of it reads, the end-of-run records are there (but after SIGKILL), and the exit status is
// the one the same program gives without the profiler. FAULT_RUNS=n runs each case n times;
// the summary (cases, runs, experiments lost) is printed at the end, and written as JSON to
// FAULT_SUMMARY if set (bench/faults.js puts it in bench/README.md).
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitStatus } from '../lib/cli/spawn-profiled';
import { parseProfile } from '../lib/profile';
import { CLI, lineOf, tempDir, WORKLOADS } from './helpers/profile';

const TARGET = path.join(WORKLOADS, 'fault-target.js');
const RUNS = Number(process.env.FAULT_RUNS || 1);
/** Experiments in the file before the fault is let loose (each is ~40-80 ms here). */
const EXPERIMENTS_BEFORE_FAULT = 2;

type Thread = 'main' | 'worker';
interface FaultCase {
  name: string;
  /** A signal the test sends, or a fault the program causes in FAULT_THREAD. */
  signal?: NodeJS.Signals;
  /** 'group': to the CLI's process group, as a terminal's Ctrl-C; else to the program alone. */
  to?: 'group' | 'program';
  fault?: 'uncaught' | 'rejection' | 'exit' | 'terminate';
  thread: Thread;
  /** The other thread sleeps in a delay when the fault comes (else the faulting thread pays them). */
  inDelay: boolean;
  env?: Record<string, string>;
}

const IN_DELAY = ', the other thread in a delay';
const cases: FaultCase[] = [];
for (const inDelay of [false, true]) {
  cases.push(
    {
      name: `Ctrl-C (SIGINT to the group)${inDelay ? ', main thread in a delay' : ''}`,
      signal: 'SIGINT',
      to: 'group',
      thread: 'main',
      inDelay,
    },
    {
      name: `SIGTERM to the program${inDelay ? ', main thread in a delay' : ''}`,
      signal: 'SIGTERM',
      to: 'program',
      thread: 'main',
      inDelay,
    },
  );
  for (const fault of ['uncaught', 'rejection', 'exit'] as const) {
    for (const thread of ['main', 'worker'] as const) {
      cases.push({
        name: `${fault} in ${thread}${inDelay ? IN_DELAY : ''}`,
        fault,
        thread,
        inDelay,
      });
    }
  }
}
// worker.terminate() from the main thread while the worker sleeps in a delay (the selected
// line is the main thread's, so the program runs on alone and its experiments go on), and
// while the worker runs the selected line, its samples not yet drained (that line then never
// runs again, so the driver starts no more experiments: it only picks lines seen running).
for (const inDelay of [false, true]) {
  cases.push({
    name: `worker.terminate()${inDelay ? ', the worker in a delay' : ', the worker running'}`,
    fault: 'terminate',
    thread: 'main',
    inDelay,
  });
}
cases.push(
  {
    name: 'SIGTERM to a program with its own handler (exits 0), main thread in a delay',
    signal: 'SIGTERM',
    to: 'program',
    thread: 'main',
    inDelay: true,
    env: { HANDLE_SIGTERM: '1' },
  },
  {
    name: 'SIGKILL to the program, main thread in a delay',
    signal: 'SIGKILL',
    to: 'program',
    thread: 'main',
    inDelay: true,
  },
);

const other = (t: Thread): Thread => (t === 'main' ? 'worker' : 'main');

/**
 * The thread that pays the delays: every thread but the one running the selected line.
 * A signal comes while the main thread sleeps in a delay, or while it runs the selected
 * line; a fault comes from a thread while the other sleeps, or from the thread that pays.
 */
function sleeper(c: FaultCase): Thread {
  if (c.signal) return c.inDelay ? 'main' : 'worker';
  return c.inDelay ? other(c.thread) : c.thread;
}

function selectedLine(c: FaultCase): number {
  return lineOf(TARGET, other(sleeper(c)) === 'main' ? 'MAIN-WORK' : 'WORKER-WORK');
}

/** Whether the process's main thread sleeps (a busy program's only sleep is a causal delay). */
function mainThreadSleeps(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] === 'S';
  } catch {
    return false;
  }
}

/** Spins until the main thread is (or is not) asleep; says whether it got there. */
function waitForMainThread(pid: number, asleep: boolean): boolean {
  const until = Date.now() + 5000;
  while (Date.now() < until) if (mainThreadSleeps(pid) === asleep) return true;
  return false;
}

interface Started {
  child: ChildProcess;
  exited: Promise<number>;
  /** The program's pid (its main thread's id), once it has printed its thread ids. */
  programPid: Promise<number>;
  stderr: () => string;
}

function start(command: string[], env: Record<string, string>): Started {
  const child = spawn(command[0] as string, command.slice(1), {
    env: { ...process.env, ...env },
    detached: true, // its own process group, for the Ctrl-C case
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const programPid = new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /^tids (\d+) \d+$/m.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', () => reject(new Error(`exited before it started:\n${stderr}`)));
  });
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => resolve(exitStatus({ code, signal }))),
  );
  return { child, exited, programPid, stderr: () => stderr };
}

function counts(file: string): { experiments: number; runtimes: number } {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  // A line being appended right now is cut off; the reader skips it (with a warning).
  const { records } = parseProfile(text, file);
  return {
    experiments: records.filter((r) => r.type === 'experiment').length,
    runtimes: records.filter((r) => r.type === 'runtime').length,
  };
}

async function waitForExperiments(file: string, n: number, started: Started): Promise<void> {
  const until = Date.now() + 60_000;
  while (counts(file).experiments < n) {
    if (Date.now() > until || started.child.exitCode !== null) {
      throw new Error(`no ${n} experiments in ${file}:\n${started.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function unleash(
  c: FaultCase,
  s: Started,
  trigger: string,
  delays: boolean,
): Promise<boolean> {
  const programPid = await s.programPid;
  if (c.fault) {
    fs.writeFileSync(trigger, '');
    return true;
  }
  const timed = delays ? waitForMainThread(programPid, c.inDelay) : true;
  if (c.to === 'group') process.kill(-(s.child.pid as number), c.signal);
  else process.kill(programPid, c.signal);
  return timed;
}

/** The exit status of the program alone, faulted as soon as it runs. */
async function baseline(
  c: FaultCase,
  env: Record<string, string>,
  trigger: string,
): Promise<number> {
  const s = start([process.execPath, TARGET], {
    ...env,
    FAULT_TRIGGER: trigger,
    FAULT_IN_DELAY: '0',
  });
  await s.programPid;
  await new Promise((r) => setTimeout(r, 100));
  await unleash(c, s, trigger, false);
  return s.exited;
}

interface Outcome {
  name: string;
  before: number;
  after: number;
  lost: number;
  timed: boolean;
}
const outcomes: Outcome[] = [];

describe('faults under causalprof run', () => {
  afterAll(() => {
    const lost = outcomes.reduce((n, o) => n + o.lost, 0);
    const untimed = outcomes.filter((o) => !o.timed).length;
    console.log(
      `fault suite: ${cases.length} cases x ${RUNS} runs = ${outcomes.length} runs; ` +
        `experiments in the file before the faults ${outcomes.reduce((n, o) => n + o.before, 0)}, ` +
        `lost ${lost}; faults that missed their moment (delay or not) ${untimed}`,
    );
    if (process.env.FAULT_SUMMARY) {
      fs.writeFileSync(process.env.FAULT_SUMMARY, JSON.stringify({ runs: RUNS, outcomes }));
    }
  });

  it.each(cases)('$name', async (c) => {
    for (let run = 0; run < RUNS; run++) {
      const dir = tempDir('causalprof-fault-');
      const out = path.join(dir, 'profile.coz');
      const trigger = path.join(dir, 'trigger');
      const env: Record<string, string> = {
        FAULT: c.fault ?? 'none',
        FAULT_THREAD: c.thread,
        FAULT_TRIGGER: trigger,
        FAULT_IN_DELAY: c.inDelay ? '1' : '0',
        ...c.env,
      };
      const expected = await baseline(c, env, `${trigger}-baseline`);
      const s = start(
        [
          process.execPath,
          CLI,
          'run',
          '-o',
          out,
          '--fixed-line',
          `fault-target.js:${selectedLine(c)}`,
          '--fixed-speedup',
          '100',
          '--',
          process.execPath,
          TARGET,
        ],
        env,
      );
      await waitForExperiments(out, EXPERIMENTS_BEFORE_FAULT, s);
      const before = counts(out);
      const timed = await unleash(c, s, trigger, true);
      const status = await s.exited;
      const text = fs.readFileSync(out, 'utf8');
      const profile = parseProfile(text, out);
      const after = counts(out);
      outcomes.push({
        name: c.name,
        before: before.experiments,
        after: after.experiments,
        lost: Math.max(0, before.experiments - after.experiments),
        timed,
      });
      expect(status, s.stderr()).toBe(expected);
      expect(profile.warnings, 'every line of the profile reads').toEqual([]);
      expect(text.endsWith('\n')).toBe(true);
      expect(after.experiments).toBeGreaterThanOrEqual(before.experiments);
      if (c.signal !== 'SIGKILL') {
        expect(after.runtimes, 'the end-of-run records were written').toBeGreaterThan(
          before.runtimes,
        );
      }
      if (c.fault === 'terminate') {
        expect(s.stderr()).toContain('fault-target: worker terminated');
        if (c.inDelay) {
          // Three seconds alone, and an experiment here lasts about 0.5 s (measured: start
          // times 0.5 s apart): about six more, so more than two holds with margin.
          expect(after.experiments, 'experiments go on without the worker').toBeGreaterThan(
            before.experiments + 2,
          );
        }
      }
      if (c.fault && c.inDelay) {
        expect(s.stderr()).toContain('peer asleep at fault: true');
      }
    }
  });
});

/** Inodes of the internet sockets (TCP, UDP, IPv4 and 6) that process `pid` holds open. */
function internetSockets(pid: number): string[] {
  const inodes = new Set<string>();
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const file = `/proc/${pid}/net/${table}`;
    if (!fs.existsSync(file)) continue;
    for (const row of fs.readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
      const inode = row.trim().split(/\s+/)[9];
      if (inode !== undefined) inodes.add(inode);
    }
  }
  const held: string[] = [];
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    let target = '';
    try {
      target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed since the listing
    }
    const m = /^socket:\[(\d+)\]$/.exec(target);
    if (m && inodes.has(m[1] as string)) held.push(`fd ${fd} (socket ${m[1]})`);
  }
  return held;
}

it('opens no network socket: neither the CLI nor the profiled program listens or connects', async () => {
  const dir = tempDir('causalprof-sockets-');
  const out = path.join(dir, 'profile.coz');
  const s = start([process.execPath, CLI, 'run', '-o', out, '--', process.execPath, TARGET], {
    FAULT: 'none',
  });
  const programPid = await s.programPid;
  await waitForExperiments(out, EXPERIMENTS_BEFORE_FAULT, s);
  const held = {
    cli: internetSockets(s.child.pid as number),
    program: internetSockets(programPid),
  };
  process.kill(programPid, 'SIGTERM');
  await s.exited;
  expect(held).toEqual({ cli: [], program: [] });
});

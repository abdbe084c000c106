// Where the perf ring (`sample --timer ring`) stops: not for `run`, a signal timer for
// threads the kernel refuses a ring, and rings given back as threads exit. Its accuracy is
// tested beside the signal timer's in sample-lines.test.ts.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLI,
  lineOf,
  ROOT,
  readPprof,
  runCli,
  type SampleRow,
  tempDir,
  WORKLOADS,
} from './helpers/profile';

const TWO_LOOPS = path.join(WORKLOADS, 'two-loops.js');
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];

/**
 * Why the unprivileged child cannot run here, if it cannot: we are not root, or the
 * checkout is not readable by uid 65534 (a clone under a private `mktemp -d` directory).
 */
function whyNobodyCannotRun(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: cannot run the child as an unprivileged user';
  const files = [CLI, path.join(WORKLOADS, 'busy-workers.js'), path.join(ROOT, 'package.json')];
  const probe = spawnSync(
    'setpriv',
    [
      ...NOBODY,
      process.execPath,
      '-e',
      `for (const f of ${JSON.stringify(files)}) require('fs').accessSync(f)`,
    ],
    { encoding: 'utf8', timeout: 20_000 },
  );
  if (probe.status === 0) return undefined;
  return `uid 65534 cannot read the checkout at ${ROOT} (a private directory above it?): ${probe.stderr.trim().split('\n')[0] ?? ''}`;
}

describe('perf ring limits', () => {
  it('is refused for causalprof run, whose delays are paid in the signal handler', () => {
    const r = runCli(['run', '--timer', 'ring', '--', process.execPath, TWO_LOOPS]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--timer ring');
  });

  it('samples by signal the threads that are refused a ring (locked memory used up), and says so', (ctx) => {
    // Unprivileged with RLIMIT_MEMLOCK 0, a user has perf_event_mlock_kb per CPU for
    // rings (516 KB x 2 here: three rings); seven threads sampled at once need more.
    const cannot = whyNobodyCannotRun();
    if (cannot !== undefined) {
      console.log(`[sample-ring] SKIPPED: ${cannot}`);
      ctx.skip();
      return;
    }
    const dir = tempDir();
    fs.chmodSync(dir, 0o777);
    const out = path.join(dir, 'cpu.pb.gz');
    const r = spawnSync(
      'setpriv',
      [
        ...NOBODY,
        'prlimit',
        '--memlock=0',
        process.execPath,
        CLI,
        'sample',
        '--timer',
        'ring',
        '-o',
        out,
        '--',
        process.execPath,
        path.join(WORKLOADS, 'busy-workers.js'),
      ],
      { encoding: 'utf8', env: { ...process.env, WORKERS: '6', WORK_MS: '1000' }, timeout: 60_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const refused = Number(/(\d+) thread\(s\) were refused a perf ring/.exec(r.stderr)?.[1]);
    expect(refused).toBeGreaterThan(0);
    expect(r.stderr).toContain('ulimit -l');
    // Every thread was sampled, with or without a ring.
    const threads = new Map<string, number>();
    for (const row of readPprof(out).rows)
      threads.set(row.thread, (threads.get(row.thread) ?? 0) + row.samples);
    expect([...threads.keys()].filter((t) => t.startsWith('worker'))).toHaveLength(6);
    for (const [thread, samples] of threads)
      if (thread !== 'main') expect(samples, thread).toBeGreaterThan(200);
  });

  it('marks a stack cut short with a (truncated) root, by either walk, and only then', () => {
    const file = path.join(WORKLOADS, 'deep-stack.js');
    const hot = lineOf(file, 'HOT');
    const roots = (timer: string, depth: number) => {
      const out = path.join(tempDir(), 'cpu.pb.gz');
      const r = runCli(['sample', '--timer', timer, '-o', out, '--', process.execPath, file], {
        env: { DEPTH: String(depth), WORK_MS: '700' },
      });
      expect(r.status, r.stderr).toBe(0);
      const rows = readPprof(out).rows.filter(
        (row) => row.frames[0]?.name === 'hot' && row.frames[0].line === hot,
      );
      const all = rows.reduce((n, row) => n + row.samples, 0);
      expect(all).toBeGreaterThan(300);
      const share = (keep: (row: SampleRow) => boolean) =>
        rows.filter(keep).reduce((n, row) => n + row.samples, 0) / all;
      return {
        truncated: share((row) => row.frames[row.frames.length - 1]?.name === '(truncated)'),
        whole: share((row) =>
          row.frames.some(
            (f) => f.name === '(top level)' && path.basename(f.file) === 'deep-stack.js',
          ),
        ),
        depth: Math.max(...rows.map((row) => row.frames.length)),
      };
    };
    // 200 calls deep: more than the 64 frames kept and than the ring's 4 KB copy holds.
    const ringDeep = roots('ring', 200);
    const perfDeep = roots('perf', 200);
    expect(ringDeep.truncated).toBeGreaterThan(0.95);
    expect(perfDeep.truncated).toBeGreaterThan(0.95);
    expect(ringDeep.whole + perfDeep.whole).toBe(0);
    expect(ringDeep.depth).toBeLessThan(perfDeep.depth); // the copy ended first
    // 5 calls deep: whole stacks, no mark.
    for (const timer of ['ring', 'perf']) {
      const shallow = roots(timer, 5);
      expect(shallow.truncated, timer).toBe(0);
      expect(shallow.whole, timer).toBeGreaterThan(0.95);
    }
  });

  it('survives hundreds of short-lived workers, giving each ring back', () => {
    const out = path.join(tempDir(), 'cpu.pb.gz');
    const r = runCli(
      [
        'sample',
        '--timer',
        'ring',
        '-o',
        out,
        '--',
        process.execPath,
        path.join(WORKLOADS, 'short-lived-workers.js'),
      ],
      { env: { WORKERS: '300', CAUSALPROF_PRINT_STATUS: '1' } },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ finish: 100, terminate: 100, exit: 100 });
    expect(new Set(readPprof(out).rows.map((row) => row.thread)).size).toBeGreaterThan(50);
    const status = JSON.parse(/causalprof-status (.*)/.exec(r.stderr)?.[1] ?? '{}') as {
      ringRefused?: number;
    };
    expect(status.ringRefused).toBe(0);
  });
});

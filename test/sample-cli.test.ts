// `causalprof sample` as a user meets it: outputs, ES modules, TypeScript, signals, bad usage.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  AGENT,
  CLI,
  leafSamples,
  lineOf,
  ROOT,
  readPprof,
  runCli,
  tempDir,
  WORKLOADS,
} from './helpers/profile';

describe('causalprof sample outputs', () => {
  it('writes a pprof that names the timer, the sample types and every thread', () => {
    const out = path.join(tempDir(), 'cpu.pb.gz');
    const r = runCli(
      ['sample', '-o', out, '--', process.execPath, path.join(WORKLOADS, 'two-loops.js'), 'worker'],
      {
        env: { WORK_MS: '500' },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const { profile, rows } = readPprof(out);
    const s = profile.stringTable.strings;
    expect(profile.sampleType.map((t) => `${s[Number(t.type)]}/${s[Number(t.unit)]}`)).toEqual([
      'samples/count',
      'cpu/nanoseconds',
    ]);
    expect(s[Number(profile.comment[0])]).toMatch(
      /every 1000us by (perf-ring|perf-task-clock|posix-cpu-timer)/,
    );
    expect(new Set(rows.map((row) => row.thread))).toEqual(new Set(['main', 'worker 1']));
    // cpu/nanoseconds = periods x interval
    for (const row of rows) expect(row.cpuNs).toBeGreaterThanOrEqual(row.samples * 1_000_000);
  });

  it('writes Chrome DevTools .cpuprofile when the output ends in .cpuprofile', () => {
    const out = path.join(tempDir(), 'cpu.cpuprofile');
    const file = path.join(WORKLOADS, 'two-loops.js');
    const r = runCli(['sample', '-o', out, '--', process.execPath, file], {
      env: { WORK_MS: '2500' },
    });
    expect(r.status, r.stderr).toBe(0);
    const profile = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      nodes: {
        id: number;
        callFrame: { functionName: string };
        positionTicks?: { line: number; ticks: number }[];
      }[];
      samples: number[];
      timeDeltas: number[];
      startTime: number;
      endTime: number;
    };
    expect(profile.samples.length).toBe(profile.timeDeltas.length);
    expect(profile.samples.length).toBeGreaterThan(500);
    const ticks = new Map<number, number>();
    for (const n of profile.nodes)
      for (const t of n.positionTicks ?? []) ticks.set(t.line, (ticks.get(t.line) ?? 0) + t.ticks);
    const three = ticks.get(lineOf(file, 'LOOP-3X')) ?? 0;
    const one = ticks.get(lineOf(file, 'LOOP-1X')) ?? 0;
    expect(three / one).toBeGreaterThan(2.4);
    expect(three / one).toBeLessThan(3.6);
    expect(profile.nodes.some((n) => n.callFrame.functionName === '(thread) main')).toBe(true);
  });

  it('falls back to the POSIX CPU timer and weights samples by overruns', () => {
    const out = path.join(tempDir(), 'cpu.pb.gz');
    const file = path.join(WORKLOADS, 'two-loops.js');
    const r = runCli(['sample', '--timer', 'posix', '-o', out, '--', process.execPath, file], {
      env: { WORK_MS: '4000', PRINT_THREAD_CPU: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('posix-cpu-timer');
    const { rows } = readPprof(out);
    // The kernel tick is coarser than 1 ms: weighted samples still add up to the thread's CPU time.
    const sampledMs = rows.reduce((n, row) => n + row.cpuNs, 0) / 1e6;
    const threadMs = Number(/thread-cpu-ms=(\d+)/.exec(r.stdout)?.[1]);
    expect(sampledMs / threadMs).toBeGreaterThan(0.85);
    expect(sampledMs / threadMs).toBeLessThan(1.1);
    expect(rows.reduce((n, row) => n + row.samples, 0)).toBeLessThan(sampledMs * 0.6); // fewer signals than periods
    // One signal per 4 ms tick: ~1000 samples in 4 s, so ~250 on the 1x line and a ratio
    // whose standard deviation is ~0.22. Within 25% of 3 is over 3 of those either way (20%,
    // the bound for the 1 kHz timer, was crossed once in CI at 2 s: 3.74).
    const three = leafSamples(rows, 'two-loops.js', lineOf(file, 'LOOP-3X'));
    const one = leafSamples(rows, 'two-loops.js', lineOf(file, 'LOOP-1X'));
    expect(three / one).toBeGreaterThan(3 * 0.75);
    expect(three / one).toBeLessThan(3 * 1.25);
  });

  it("'auto' takes the tick-driven POSIX timer from 10 ms and the perf ring below", () => {
    const file = path.join(WORKLOADS, 'two-loops.js');
    const timerOf = (args: string[]): string => {
      const out = path.join(tempDir(), 'cpu.pb.gz');
      const r = runCli(['sample', ...args, '-o', out, '--', process.execPath, file], {
        env: { WORK_MS: '300' },
      });
      expect(r.status, r.stderr).toBe(0);
      return /every \d+us by ([a-z-]+)/.exec(r.stderr)?.[1] ?? r.stderr;
    };
    // Where the kernel allows perf_event (it does on this project's machines), 'auto' below
    // 10 ms is the ring; where it does not, both fall back to the POSIX timer.
    const perf = timerOf(['-i', '1000', '--timer', 'perf']);
    expect(['perf-task-clock', 'posix-cpu-timer']).toContain(perf);
    const fine = timerOf(['-i', '1000']);
    expect(fine).toBe(perf === 'perf-task-clock' ? 'perf-ring' : 'posix-cpu-timer');
    expect(timerOf(['-i', '10000'])).toBe('posix-cpu-timer');
    expect(timerOf(['-i', '10000', '--timer', 'perf'])).toBe(perf);
    // The in-process API chooses the same way.
    const inProcess = (intervalUs: number) => {
      const api = spawnSync(
        process.execPath,
        [
          '--require',
          AGENT,
          path.join(WORKLOADS, 'in-process.js'),
          path.join(tempDir(), 'p.pb.gz'),
        ],
        {
          env: { ...process.env, CAUSALPROF_MODULE: ROOT, INTERVAL_US: String(intervalUs) },
          encoding: 'utf8',
        },
      );
      expect(api.status, api.stderr).toBe(0);
      return api.stdout.trim();
    };
    expect(inProcess(10000)).toBe('posix-cpu-timer');
    expect(inProcess(1000)).toBe(fine);
  });

  it('profiles an ES module program with the agent loaded by --import', () => {
    const out = path.join(tempDir(), 'cpu.pb.gz');
    const file = path.join(WORKLOADS, 'esm-app.mjs');
    const r = spawnSync(process.execPath, ['--import', AGENT.replace(/\.js$/, '.mjs'), file], {
      env: { ...process.env, CAUSALPROF_MODE: 'sample', CAUSALPROF_OUTPUT: out },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const { rows } = readPprof(out);
    const hot = leafSamples(rows, 'esm-app.mjs', lineOf(file, 'HOT'));
    const total = rows.reduce((n, row) => n + row.samples, 0);
    expect(hot / total).toBeGreaterThan(0.7);
    // file: URLs are reported as paths
    expect(rows.some((row) => row.frames[0]?.file === file)).toBe(true);
  });

  it('reports TypeScript sites at the .ts file and line through source maps', () => {
    const dir = tempDir();
    const source = path.join(WORKLOADS, 'ts-app.ts');
    const js = ts.transpileModule(fs.readFileSync(source, 'utf8'), {
      fileName: source,
      compilerOptions: {
        sourceMap: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
      },
    });
    const map = JSON.parse(js.sourceMapText as string) as { sources: string[] };
    map.sources = [source];
    fs.writeFileSync(path.join(dir, 'ts-app.js'), js.outputText);
    fs.writeFileSync(path.join(dir, 'ts-app.js.map'), JSON.stringify(map));
    const out = path.join(dir, 'cpu.pb.gz');
    const r = runCli(['sample', '-o', out, '--', process.execPath, path.join(dir, 'ts-app.js')]);
    expect(r.status, r.stderr).toBe(0);
    const { rows } = readPprof(out);
    const hot = leafSamples(rows, 'ts-app.ts', lineOf(source, 'TS-HOT'));
    const total = rows.reduce((n, row) => n + row.samples, 0);
    expect(hot / total).toBeGreaterThan(0.6);
  });

  it('keeps the profile and the exit status when the program is killed by SIGTERM', async () => {
    const out = path.join(tempDir(), 'cpu.pb.gz');
    const child = spawn(process.execPath, [
      CLI,
      'sample',
      '-o',
      out,
      '--',
      process.execPath,
      path.join(WORKLOADS, 'wait-for-signal.js'),
    ]);
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
    );
    child.kill('SIGTERM');
    const status = await new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    expect(status).toBe(143);
    expect(readPprof(out).rows.length).toBeGreaterThan(0);
  });

  it('passes the program exit code through', () => {
    const out = path.join(tempDir(), 'cpu.pb.gz');
    const r = runCli(['sample', '-o', out, '--', process.execPath, '-e', 'process.exitCode = 3']);
    expect(r.status).toBe(3);
    expect(fs.existsSync(out)).toBe(true);
  });
});

describe('the in-process API', () => {
  it('startSampling() ... stop() returns a pprof of this process', () => {
    const dir = tempDir();
    const out = path.join(dir, 'inproc.pb.gz');
    const file = path.join(WORKLOADS, 'in-process.js');
    const run = spawnSync(process.execPath, ['--require', AGENT, file, out], {
      env: { ...process.env, CAUSALPROF_MODULE: ROOT },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const { rows } = readPprof(out);
    const hot = leafSamples(rows, 'in-process.js', lineOf(file, 'HOT'));
    expect(hot).toBeGreaterThan(50);
  });
});

describe('bad usage gets one line and a non-zero exit', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', ['sample'], /missing required argument|no command/],
    ['unknown flag', ['sample', '--bogus', '--', 'node', '-e', '1'], /unknown option '--bogus'/],
    [
      'unwritable output',
      ['sample', '-o', '/proc/nope/cpu.pb.gz', '--', 'node', '-e', '1'],
      /--output .*cannot write/,
    ],
    [
      'output is a directory',
      ['sample', '-o', '/tmp', '--', 'node', '-e', '1'],
      /--output \/tmp: is a directory/,
    ],
    [
      'interval too small',
      ['sample', '-i', '5', '--', 'node', '-e', '1'],
      /interval "5" is out of range/,
    ],
    [
      'interval not a number',
      ['sample', '-i', 'fast', '--', 'node', '-e', '1'],
      /interval "fast" is out of range/,
    ],
    [
      'unknown timer',
      ['sample', '--timer', 'fast', '--', 'node', '-e', '1'],
      /--timer fast: unknown timer; use 'auto'/,
    ],
    [
      'command not found',
      ['sample', '-o', '/tmp/x.pb.gz', '--', 'no-such-command-xyz'],
      /cannot run 'no-such-command-xyz'/,
    ],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    const r = runCli(args);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

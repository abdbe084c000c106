// Sampling across many worker threads: per-thread CPU time, coexistence with V8's own
// profiler, and threads that come and go.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPprof, runCli, tempDir, WORKLOADS } from './helpers/profile';

describe('sampling worker threads', () => {
  it("two workers' samples are in the ratio of their CPU times, within 8%", () => {
    const out = path.join(tempDir(), 'cpu.pb.gz');
    const r = runCli([
      'sample',
      '-o',
      out,
      '--',
      process.execPath,
      path.join(WORKLOADS, 'two-workers.js'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    // Each worker prints the CPU time the kernel charged its thread: the truth to compare
    // with. (Comparing with the 2:1 work ratio failed in CI at 1.59: work per CPU-second
    // differs while the two workers share a core's caches and when one runs alone.)
    const cpuNs = new Map<string, number>();
    for (const m of r.stdout.matchAll(/^thread-cpu (worker \d+) (\d+)$/gm))
      cpuNs.set(m[1] as string, Number(m[2]));
    const samples = new Map<string, number>();
    for (const row of readPprof(out).rows) {
      if (row.thread.startsWith('worker'))
        samples.set(row.thread, (samples.get(row.thread) ?? 0) + row.samples);
    }
    expect([...samples.keys()].sort()).toEqual([...cpuNs.keys()].sort());
    const [a, b] = [...cpuNs.keys()] as [string, string];
    const sampleRatio = (samples.get(a) as number) / (samples.get(b) as number);
    const cpuRatio = (cpuNs.get(a) as number) / (cpuNs.get(b) as number);
    expect(Math.min(samples.get(a) as number, samples.get(b) as number)).toBeGreaterThan(300);
    // 20 runs here: error -0.026 to 0.000, mean -0.016, sd 0.006 (each thread runs ~100 ms
    // before its sampler starts, so both counts fall a little short of the CPU times, while
    // the CPU-time ratio itself ranged 0.47-0.58). 0.08 leaves ~10 sd, and room for a CI
    // machine whose thread startup is twice as slow.
    expect(Math.abs(sampleRatio / cpuRatio - 1)).toBeLessThan(0.08);
  });

  it('runs beside node --cpu-prof with both profiles full', () => {
    const dir = tempDir();
    const out = path.join(dir, 'cpu.pb.gz');
    const r = runCli(
      [
        'sample',
        '-o',
        out,
        '--',
        process.execPath,
        '--cpu-prof',
        '--cpu-prof-dir',
        dir,
        path.join(WORKLOADS, 'two-loops.js'),
      ],
      { env: { WORK_MS: '2000' } },
    );
    expect(r.status, r.stderr).toBe(0);
    const ours = readPprof(out).rows.reduce((n, row) => n + row.samples, 0);
    const v8File = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    expect(v8File).toBeDefined();
    const v8 = JSON.parse(fs.readFileSync(path.join(dir, v8File as string), 'utf8')) as {
      samples: number[];
    };
    // ~2 s of CPU: our 1 kHz CPU-time sampler and V8's 1 ms wall-clock one each near 2000.
    expect(ours).toBeGreaterThan(1600);
    expect(v8.samples.length).toBeGreaterThan(1400);
  });

  it('survives hundreds of short-lived workers that finish, are terminated or exit', () => {
    const out = path.join(tempDir(), 'cpu.pb.gz');
    const r = runCli(
      ['sample', '-o', out, '--', process.execPath, path.join(WORKLOADS, 'short-lived-workers.js')],
      {
        env: { WORKERS: '300' },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ finish: 100, terminate: 100, exit: 100 });
    const threads = new Set(readPprof(out).rows.map((row) => row.thread));
    // Most workers live a few ms of CPU: many, not necessarily all, are sampled.
    expect(threads.size).toBeGreaterThan(50);
  });
});

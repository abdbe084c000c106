// startSampling({ periodMs, onProfile }): sampling that runs for weeks hands over a finished
// pprof every period and goes on without a gap. A real program samples itself for 3 s in
// 300 ms periods: ten valid profiles, each labelled (service, version, pid, thread), whose
// samples add up to every sample the sampler took meanwhile, exactly, and to the program's
// CPU time at one per millisecond.
//
// Ten runs here (2026-12-04): 10 periods each, non-final periods 302-319 ms, samples over
// process user CPU ms 0.968-0.978 (the other threads' CPU is in the denominator: V8's, the
// drain's). The bounds below leave room for a slow machine's timers and ~10 sd of that ratio.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSampling } from '../lib/sampling/session';
import { runNode } from './helpers/process';
import { readPprof, tempDir, WORKLOADS } from './helpers/profile';

interface Period {
  index: number;
  startTimeMs: number;
  durationMs: number;
}

describe('sampling in rotation', () => {
  it('hands over one valid, labelled pprof per period, with no sample lost between them', async () => {
    const dir = tempDir('causalprof-rotation-');
    const r = await runNode([path.join(WORKLOADS, 'rotation.js')], {
      env: { OUT_DIR: dir, PERIOD_MS: '300', RUN_MS: '3000' },
      timeoutMs: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').pop() as string) as {
      periods: Period[];
      drained: number;
      cpuMs: number;
    };
    const { periods } = result;
    expect(periods.map((p) => p.index)).toEqual(periods.map((_, i) => i));
    expect(periods.length).toBeGreaterThanOrEqual(9);
    expect(periods.length).toBeLessThanOrEqual(11);
    for (const p of periods.slice(0, -1)) {
      expect(p.durationMs, `period ${p.index}`).toBeGreaterThanOrEqual(290);
      expect(p.durationMs, `period ${p.index}`).toBeLessThanOrEqual(600);
    }
    // Each starts where the one before ended.
    for (let i = 1; i < periods.length; i++) {
      const before = periods[i - 1] as Period;
      expect((periods[i] as Period).startTimeMs).toBe(before.startTimeMs + before.durationMs);
    }
    let total = 0;
    for (const p of periods) {
      const { rows, profile } = readPprof(path.join(dir, `period-${p.index}.pb.gz`));
      const strings = profile.stringTable.strings;
      const keys = new Set(
        profile.sample.flatMap((s) => s.label.map((l) => strings[Number(l.key)])),
      );
      expect([...keys].sort()).toEqual(['pid', 'service', 'thread', 'thread_id', 'version']);
      expect(Number(profile.durationNanos) / 1e6).toBeCloseTo(p.durationMs, 0);
      const samples = rows.reduce((n, row) => n + row.samples, 0);
      expect(samples, `period ${p.index}`).toBeGreaterThan(0);
      total += samples;
    }
    expect(fs.readdirSync(dir)).toHaveLength(periods.length);
    expect(total).toBe(result.drained);
    const perCpuMs = total / result.cpuMs;
    expect(perCpuMs).toBeGreaterThan(0.9);
    expect(perCpuMs).toBeLessThan(1.05);
  });

  it('refuses a period without onProfile, too short, or a label of the wrong kind, before it starts', () => {
    expect(() => startSampling({ periodMs: 10, onProfile: () => {} })).toThrow(
      /periodMs\b.*at least 100 \(got 10\)/,
    );
    expect(() => startSampling({ periodMs: 1000 })).toThrow(/needs onProfile/);
    expect(() =>
      startSampling({ periodMs: 1000, onProfile: () => {}, labels: { v: {} as never } }),
    ).toThrow(/"v" is \[object Object\]; a label is a string or a finite number/);
  });
});

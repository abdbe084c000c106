// A cluster program under `causalprof run`: the primary forks two workers, and the agent,
// inherited through NODE_OPTIONS, runs experiments in each. They append to one profile at
// once: every line must read, every experiment must name the worker that ran it, and the
// report must read each worker as its own run (not one run under the last startup record).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../lib/profile';
import { groupExperiments } from '../lib/profile/experiments';
import { readReport } from './helpers/causal-cli';
import { readPprof, runCli, tempDir, WORKLOADS } from './helpers/profile';

const CLUSTER = path.join(WORKLOADS, 'cluster-jobs.js');

describe('processes of one program', () => {
  it('cluster workers each run their own experiments, attributed in one profile', async () => {
    const out = path.join(tempDir('causalprof-cluster-'), 'p.coz');
    const r = runCli(['run', '-o', out, '--', process.execPath, CLUSTER], {
      env: { RUN_MS: '6000', WORKERS: '2' },
    });
    expect(r.status, r.stderr).toBe(0);
    const { workers } = JSON.parse(r.stdout.trim().split('\n').pop() as string) as {
      workers: number[];
    };
    const profile = parseProfile(fs.readFileSync(out, 'utf8'), out);
    expect(profile.warnings, 'every line of the profile reads').toEqual([]);
    const startups = profile.records.flatMap((rec) => (rec.type === 'startup' ? [rec.pid] : []));
    expect(startups).toHaveLength(3); // the primary and both workers
    expect(new Set(startups).size).toBe(3);
    const groups = groupExperiments(profile.records);
    for (const pid of workers) {
      const own = groups.filter((g) => g.experiment.pid === pid);
      expect(own.length, `experiments of worker ${pid}`).toBeGreaterThanOrEqual(3);
      // All in that worker's run, whatever the other worker wrote in between.
      expect(new Set(own.map((g) => g.run)).size).toBe(1);
      expect(own.every((g) => g.points.some((p) => p.name === 'job'))).toBe(true);
    }
    expect(groups.every((g) => workers.includes(g.experiment.pid as number))).toBe(true);
    // The summary counts every process's experiments and names the one that ran none.
    const primary = startups.find((pid) => !workers.includes(pid as number));
    expect(r.stderr).toMatch(
      new RegExp(
        `causalprof: ${groups.length} experiments from 2 of 3 processes \\(none from pid ${primary}: `,
      ),
    );
    const report = await readReport([out]);
    // Each worker's sibling is part of the program, not outside load: two spinning workers
    // read ~1.0 core of sibling CPU each, and ~0.01 outside on a quiet machine (before
    // sibling_cpu, that core counted as outside load and the report called the machine busy).
    expect(report.machine.siblingCores, 'sibling CPU recorded').toBeGreaterThan(0.5);
    expect(report.machine.outsideCores as number).toBeLessThan(
      (report.machine.siblingCores as number) / 2,
    );
    const withExperiments = report.runs.filter((run) => run.experiments > 0);
    expect(withExperiments.map((run) => run.pid).sort()).toEqual([...workers].sort());
  }, 60_000);

  it('sample writes a profile per process: the first one asked for, the others by pid', () => {
    const dir = tempDir('causalprof-cluster-');
    const r = runCli(
      ['sample', '-o', path.join(dir, 'cpu.pb.gz'), '--', process.execPath, CLUSTER],
      { env: { RUN_MS: '2000', WORKERS: '2' } },
    );
    expect(r.status, r.stderr).toBe(0);
    const { workers } = JSON.parse(r.stdout.trim().split('\n').pop() as string) as {
      workers: number[];
    };
    const expected = ['cpu.pb.gz', ...workers.map((pid) => `cpu-${pid}.pb.gz`)].sort();
    expect(fs.readdirSync(dir).sort()).toEqual(expected);
    // Each worker's own profile holds its ~2 s of work; the summary names every file.
    for (const pid of workers) {
      const file = path.join(dir, `cpu-${pid}.pb.gz`);
      const samples = readPprof(file).rows.reduce((n, row) => n + row.samples, 0);
      expect(samples, file).toBeGreaterThan(1000);
      expect(r.stderr).toContain(`wrote ${file}: `);
    }
  });

  it("%p and %h in the agent's output name a file per process; other patterns are refused", () => {
    const dir = tempDir('causalprof-cluster-');
    const r = runCli(
      ['sample', '-o', path.join(dir, 'cpu-%h-%p.pb.gz'), '--', process.execPath, CLUSTER],
      { env: { RUN_MS: '1000', WORKERS: '2' } },
    );
    expect(r.status, r.stderr).toBe(0);
    const host = os.hostname();
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(`cpu-${host}-`))).toHaveLength(3);
    const refused = (command: string, output: string, why: RegExp) => {
      const r2 = runCli([command, '-o', path.join(dir, output), '--', process.execPath, '-e', '1']);
      expect(r2.status).toBe(2);
      expect(r2.stderr.trim().split('\n')).toHaveLength(1);
      expect(r2.stderr).toMatch(why);
    };
    refused('run', 'p-%p.coz', /run writes one profile for all the program's processes/);
    refused(
      'sample',
      'x-%q.pb.gz',
      /"%q" is not a pattern; use %p \(process id\), %h \(host name\)/,
    );
  });
});

// Where perf_event is refused (a container's seccomp profile, perf_event_paranoid 3, a
// kernel without it), sampling and experiments fall back to the POSIX CPU-time timer, and the
// user is told so. CAUSALPROF_NO_PERF_EVENT=1 makes the addon's perf_event_open fail as such
// a kernel's does (native/task_clock.h), so the fallback path runs here for real.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../lib/profile';
import { runCausal } from './helpers/causal-cli';
import { runNode } from './helpers/process';
import { CLI, lineOf, tempDir, WORKLOADS } from './helpers/profile';

const CHURN = path.join(WORKLOADS, 'worker-churn.js');
const NOTE = /^causalprof: perf_event is unavailable here .*POSIX CPU-time timer/m;
const PROGRAM_ENV = { WORKERS: '2', RUN_MS: '4000' };

async function runWithChurn(extraEnv: Record<string, string>) {
  const out = path.join(tempDir('causalprof-fallback-'), 'profile.coz');
  const r = await runCausal(CHURN, {
    out,
    fixedLine: `worker-churn.js:${lineOf(CHURN, 'CHURN-WORK')}`,
    fixedSpeedup: '0,50',
    env: { ...PROGRAM_ENV, ...extraEnv },
    timeoutMs: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const profile = parseProfile(fs.readFileSync(out, 'utf8'), out);
  expect(profile.warnings).toEqual([]);
  const samplers = profile.records.flatMap((rec) =>
    rec.type === 'startup' ? [rec.sampler as string] : [],
  );
  const experiments = profile.records.filter((rec) => rec.type === 'experiment').length;
  return { stderr: r.stderr, samplers, experiments };
}

describe('perf_event unavailable', () => {
  it('run: experiments go on with the POSIX timer, and stderr says why', async () => {
    const { stderr, samplers, experiments } = await runWithChurn({ CAUSALPROF_NO_PERF_EVENT: '1' });
    expect(stderr).toMatch(NOTE);
    expect(stderr.match(new RegExp(NOTE.source, 'gm'))?.length, 'said once').toBe(1);
    expect(samplers).toEqual(['posix-cpu-timer']);
    // Four seconds at about 0.5 s per experiment (measured: 6-7).
    expect(experiments).toBeGreaterThanOrEqual(3);
  }, 70_000);

  it('run without the switch: the note appears exactly when the POSIX timer ran', async () => {
    const { stderr, samplers } = await runWithChurn({});
    expect(samplers).toHaveLength(1);
    // On a machine whose kernel refuses perf_event this run falls back too, and must say so.
    if (samplers[0] === 'posix-cpu-timer') expect(stderr).toMatch(NOTE);
    else expect(stderr).not.toMatch(NOTE);
  }, 70_000);

  it('sample: a profile is written from the POSIX timer, and stderr says why', async () => {
    const out = path.join(tempDir('causalprof-fallback-'), 'cpu.pb.gz');
    const r = await runNode([CLI, 'sample', '-o', out, '--', process.execPath, CHURN], {
      env: { ...PROGRAM_ENV, RUN_MS: '2000', CAUSALPROF_NO_PERF_EVENT: '1' },
      timeoutMs: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(NOTE);
    expect(fs.statSync(out).size).toBeGreaterThan(100);
  }, 70_000);
});

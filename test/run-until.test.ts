// `run --until confident` stops experimenting, and the program, once the answer has settled:
// soon on a program whose two lines are far apart (one thread, 3:1, true slopes 0.75 and
// 0.25), never on one whose lines are too close to call (the same with 2:2, both 0.5), which
// runs to --max-seconds instead. Both programs would run for two minutes on their own.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { experimentsIn, readReport } from './helpers/causal-cli';
import { runNode } from './helpers/process';
import { CLI, tempDir } from './helpers/profile';
import { workload } from './helpers/workloads';

const PROGRAM = workload('causal-single.js');

async function runUntil(env: NodeJS.ProcessEnv, maxSeconds: number) {
  const out = path.join(tempDir('causalprof-until-'), 'p.coz');
  const r = await runNode(
    [
      CLI,
      'run',
      '-o',
      out,
      '--until',
      'confident',
      '--max-seconds',
      String(maxSeconds),
      '--',
      process.execPath,
      PROGRAM,
    ],
    { env: { RUN_MS: '120000', ...env }, timeoutMs: (maxSeconds + 60) * 1000 },
  );
  return { r, out };
}

describe('run --until confident', () => {
  it('stops early, program and all, once two lines far apart are measured', async () => {
    const { r, out } = await runUntil({}, 90);
    console.log(
      `[until] easy: exit ${r.status} after ${r.ms} ms; ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/experiments stopped: the answer settled after \d+ s/);
    expect(r.stderr).not.toMatch(/max-seconds/);
    // The program was stopped: it never printed the result it prints after RUN_MS. Its main
    // thread never yields, so it cannot run a SIGINT handler: it was killed, once the driver
    // had finished the profile.
    expect(r.stdout).not.toMatch(/"rate"/);
    expect(r.stderr).toMatch(/ended with SIGKILL; the profile had been finished/);
    const report = await readReport([out]);
    expect(report.settled.settled).toBe(true);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/"type":"runtime"/); // the profile was finished
  }, 180_000);

  it('runs to --max-seconds on two lines too close to call, and says why', async () => {
    const { r, out } = await runUntil({ UNITS_3X: '2', UNITS_1X: '2' }, 25);
    console.log(
      `[until] close: exit ${r.status} after ${r.ms} ms; ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /experiments stopped: --max-seconds 25 reached before the answer settled/,
    );
    const report = await readReport([out]);
    expect(report.settled.settled).toBe(false);
  }, 120_000);

  it('Ctrl-C twice ends a program whose main thread never yields, its profile finished', async () => {
    const out = path.join(tempDir('causalprof-until-'), 'p.coz');
    const cli = spawn(process.execPath, [CLI, 'run', '-o', out, '--', process.execPath, PROGRAM], {
      env: { ...process.env, RUN_MS: '120000' },
    });
    let stderr = '';
    cli.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
    const waitFor = async (done: () => boolean) => {
      while (!done()) await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor(() => fs.existsSync(out) && experimentsIn(out).length >= 2);
    const interrupted = Date.now();
    cli.kill('SIGINT');
    // The program cannot act on it; we are told that it will be killed, and Ctrl-C again.
    await waitFor(() => /has not ended 2 s after SIGINT/.test(stderr));
    cli.kill('SIGINT');
    const status = await exited;
    console.log(`[until] ctrl-c: exit ${status} ${Date.now() - interrupted} ms after the first`);
    expect(status, stderr).toBe(130);
    expect(stderr).toMatch(/ended with SIGKILL; the profile had been finished/);
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    const lastOf = (type: string) =>
      lines.map((l) => l.startsWith(`{"type":"${type}"`)).lastIndexOf(true);
    expect(lastOf('runtime')).toBeGreaterThan(lastOf('experiment'));
  }, 60_000);
});

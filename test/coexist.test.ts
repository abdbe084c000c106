// causalprof beside other profilers and other copies of itself in one process. Each case is
// a real program under `causalprof sample` or `run`: the other profiler gets its samples,
// and so do we. (`node --cpu-prof` beside us: test/sample-threads.test.ts.)
//
// About 2 s of CPU in each: our 1 kHz CPU-time sampler and V8's 1 ms wall-clock ones each
// near 2000 samples; the bounds (1600, 1400) are those of the --cpu-prof test, which has
// held on every run and line since it was written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseBinary } from '../lib/native-binary';
import { experimentsIn } from './helpers/causal-cli';
import { ROOT, readPprof, runCli, tempDir, WORKLOADS } from './helpers/profile';

const PROGRAM = path.join(WORKLOADS, 'coexist.js');
const OUR_MIN_SAMPLES = 1600;
const THEIR_MIN_SAMPLES = 1400;

function sampleBeside(mode: string, extra: string[] = []) {
  const out = path.join(tempDir('causalprof-coexist-'), 'cpu.pb.gz');
  // --timer perf: samples by signal, the path another handler could take from us (the
  // default perf ring raises none).
  const r = runCli(
    ['sample', '--timer', 'perf', '-o', out, '--', process.execPath, PROGRAM, mode, ...extra],
    { env: { WORK_MS: '2000' } },
  );
  expect(r.status, r.stderr).toBe(0);
  const theirs = JSON.parse(r.stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
  const ours = readPprof(out).rows.reduce((n, row) => n + row.samples, 0);
  return { ours, theirs, stderr: r.stderr };
}

describe('beside other profilers', () => {
  it("the inspector's profiler and ours both get full profiles", () => {
    const { ours, theirs } = sampleBeside('inspector');
    expect(ours).toBeGreaterThan(OUR_MIN_SAMPLES);
    expect(theirs.samples).toBeGreaterThan(THEIR_MIN_SAMPLES);
  });

  it('v8.startCpuProfile() and ours both get full profiles, where the line has it', (ctx) => {
    const { ours, theirs } = sampleBeside('v8-profile');
    if (typeof theirs.unavailable === 'string') {
      console.log(`[coexist] skipped: ${theirs.unavailable}`);
      ctx.skip();
    }
    expect(ours).toBeGreaterThan(OUR_MIN_SAMPLES);
    expect(theirs.samples).toBeGreaterThan(THEIR_MIN_SAMPLES);
  });
});

describe('beside other copies of causalprof', () => {
  it('a second copy of the binary sampling on its own takes another signal, and ours keeps sampling', () => {
    // A copy at another path is a second library to the loader: its own statics, its own
    // handler. Taking our signal sends every one of our samples to its handler: with the
    // addon of 819583a as the second copy, our profile had 1 sample of 2000, and the end
    // of the run said the handler had been replaced.
    const copy = path.join(tempDir('causalprof-copy-'), 'causalprof.node');
    fs.copyFileSync(chooseBinary(ROOT), copy);
    const { ours, theirs, stderr } = sampleBeside('second-binary', [copy]);
    expect(theirs.agentSignal, stderr).toEqual(expect.any(Number));
    expect(theirs.signal).not.toBe(theirs.agentSignal);
    expect(ours).toBeGreaterThan(OUR_MIN_SAMPLES);
    expect(stderr).not.toMatch(/installed its own handler/);
  });

  it("an application's own copy of the package counts its progress points in the agent's experiments", () => {
    // The application depends on causalprof (its node_modules) and is run by a CLI from
    // another install: two copies of the JS, each able to load its own binary.
    const app = tempDir('causalprof-app-');
    const pkg = path.join(app, 'node_modules', 'causalprof');
    fs.mkdirSync(path.join(pkg, 'build', 'Release'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
    fs.cpSync(path.join(ROOT, 'dist', 'lib'), path.join(pkg, 'dist', 'lib'), { recursive: true });
    // Its dependencies (node-gyp-build among them) as an install would have them.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
    fs.copyFileSync(chooseBinary(ROOT), path.join(pkg, 'build', 'Release', 'causalprof.node'));
    const main = path.join(app, 'app.js');
    fs.writeFileSync(
      main,
      [
        "const { progress } = require('causalprof');",
        "console.log(JSON.stringify({ uses: require.resolve('causalprof') }));",
        'const end = Date.now() + 4000;',
        'let x = 0;',
        'while (Date.now() < end) {',
        '  for (let i = 0; i < 1e5; i++) x = Math.sqrt(x + i);',
        "  progress('iter');",
        '}',
      ].join('\n'),
    );
    const out = path.join(app, 'p.coz');
    // Without CAUSALPROF_PREBUILD (scripts/node-lines.sh), which would send both copies to
    // one binary path and hide the second copy: each resolves its own binary for this Node.
    // (spawn leaves out a variable whose value is undefined.)
    const r = runCli(['run', '-o', out, '--', process.execPath, main], {
      env: { CAUSALPROF_PREBUILD: undefined },
      cwd: app,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(pkg);
    expect(r.stderr).not.toMatch(/no progress point was reached/);
    const lines = fs.readFileSync(out, 'utf8').split('\n');
    const visits = lines
      .filter((l) => l.includes('"type":"throughput-point"') && l.includes('"name":"iter"'))
      .map((l) => (JSON.parse(l) as { delta: number }).delta);
    expect(experimentsIn(out).length).toBeGreaterThan(0);
    expect(visits.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});

// `causalprof run` and `causalprof report` as a user meets them: what ends up in the
// profile when the program ends in different ways, and bad input.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../lib/profile';
import { CLI, runCli, runCliUntilReady, tempDir, WORKLOADS } from './helpers/profile';

function experiments(file: string): number {
  return parseProfile(fs.readFileSync(file, 'utf8'), file).records.filter(
    (r) => r.type === 'experiment',
  ).length;
}

describe('causalprof run', () => {
  it('says loudly when no progress point was reached, and why', () => {
    const out = path.join(tempDir(), 'p.coz');
    const r = runCli([
      'run',
      '-o',
      out,
      '--',
      process.execPath,
      path.join(WORKLOADS, 'no-progress.js'),
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('no progress point was reached');
    expect(r.stderr).toContain("progress('name')");
    expect(r.stderr).toContain('0 experiments appended');
    // The file still records the run: startup, samples, runtime.
    const types = new Set(
      parseProfile(fs.readFileSync(out, 'utf8'), out).records.map((x) => x.type),
    );
    expect(types).toEqual(new Set(['startup', 'samples', 'runtime']));
  });

  it('writes a begin()/end() point as a latency point from the start, before any end()', () => {
    const out = path.join(tempDir(), 'p.coz');
    const r = runCli([
      'run',
      '-o',
      out,
      '--',
      process.execPath,
      path.join(WORKLOADS, 'latency-slow-first.js'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    const points = parseProfile(fs.readFileSync(out, 'utf8'), out).records.filter(
      (x) => x.type === 'throughput-point' || x.type === 'latency-point',
    );
    // In the first 3 s, 'req' has arrivals and no departures: as a throughput point it would
    // have counted arrivals as completed work, and Coz's viewer would merge the two kinds.
    expect(points.filter((p) => p.type === 'throughput-point')).toEqual([]);
    expect(points.filter((p) => p.type === 'latency-point').length).toBeGreaterThan(0);
  });

  it('keeps every finished experiment when the program is interrupted by SIGINT', async () => {
    const out = path.join(tempDir(), 'p.coz');
    const { status, stderr } = await runCliUntilReady(
      ['run', '-o', out, '--', process.execPath, path.join(WORKLOADS, 'progress-until-signal.js')],
      () => fs.existsSync(out) && experiments(out) >= 2,
    );
    expect(status).toBe(130);
    const text = fs.readFileSync(out, 'utf8');
    expect(experiments(out)).toBeGreaterThanOrEqual(2);
    // Finished: a runtime record (and the samples after it) follows the last experiment.
    const lines = text.trimEnd().split('\n');
    const lastOf = (type: string) =>
      lines.map((l) => l.startsWith(`{"type":"${type}"`)).lastIndexOf(true);
    const lastExperiment = lastOf('experiment');
    const lastRuntime = lastOf('runtime');
    expect(lastRuntime).toBeGreaterThan(lastExperiment);
    expect(lines.slice(lastRuntime + 1).every((l) => l.startsWith('{"type":"samples"'))).toBe(true);
    expect(stderr).toMatch(/\d+ experiments appended/);
  });

  it('--http-latency gives an HTTP server a latency point without changing it', async () => {
    const out = path.join(tempDir(), 'p.coz');
    const child = spawn(process.execPath, [
      CLI,
      'run',
      '--http-latency',
      '-o',
      out,
      '--',
      process.execPath,
      path.join(WORKLOADS, 'http-echo-server.js'),
    ]);
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const port = await new Promise<number>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    // A closed loop of 4 clients, bounded in count and time, on loopback.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const get = (p: string) =>
      new Promise<string>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: p, agent }, (res) => {
            let body = '';
            res.on('data', (d: Buffer) => {
              body += d.toString();
            });
            res.on('end', () => resolve(body));
          })
          .on('error', reject);
      });
    const until = Date.now() + 4000;
    let sent = 0;
    const client = async () => {
      while (Date.now() < until && sent < 20000) await get(`/work?n=${sent++}`);
    };
    await Promise.all([client(), client(), client(), client()]);
    await get('/quit');
    agent.destroy();
    expect(await exited).toBe(0);
    const records = parseProfile(fs.readFileSync(out, 'utf8'), out).records;
    const latency = records.filter((r) => r.type === 'latency-point');
    expect(latency.length).toBeGreaterThan(0);
    for (const r of latency) {
      expect(r.name).toBe('http');
      expect(r.arrivals).toBeGreaterThan(0);
      expect(Math.abs(r.arrivals - r.departures)).toBeLessThanOrEqual(4); // at most the clients in flight
    }
  });

  it('shows a live status line when stderr is a terminal', () => {
    // util-linux `script` gives the CLI a pseudo-terminal, as a user's shell would.
    const out = path.join(tempDir(), 'p.coz');
    const program = path.join(WORKLOADS, 'causal-single.js');
    const command = [process.execPath, CLI, 'run', '-o', out, '--', process.execPath, program]
      .map((a) => `'${a}'`)
      .join(' ');
    const r = spawnSync('script', ['-qfec', command, '/dev/null'], {
      // Long enough for several lines with intervals (from about the fifth experiment).
      env: { ...process.env, RUN_MS: '7000' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split(/[\r\n]+/);
    // Experiments so far, the elapsed time, whether the answer has settled, and a leading
    // line with its slope and 95% interval.
    expect(
      lines.some((l) =>
        /causalprof: [1-9]\d* experiments, 0:0\d, (not )?settled; causal-single\.js:\d+ -?\d\.\d\d \[-?\d\.\d\d,-?\d\.\d\d\]/.test(
          l,
        ),
      ),
      lines.join('\n'),
    ).toBe(true);
  });

  it('passes the exit code through', () => {
    const out = path.join(tempDir(), 'p.coz');
    const r = runCli(['run', '-o', out, '--', process.execPath, '-e', 'process.exitCode = 4']);
    expect(r.status).toBe(4);
  });

  it('says an unknown --fixed-line site was never sampled, and exits 2', () => {
    const out = path.join(tempDir(), 'p.coz');
    const program = path.join(WORKLOADS, 'causal-single.js');
    const r = runCli(
      ['run', '-o', out, '--fixed-line', 'nowhere.js:12', '--', process.execPath, program],
      {
        env: { RUN_MS: '1500' },
      },
    );
    expect(r.stderr).toContain('--fixed-line nowhere.js:12: no such site was sampled');
    expect(r.status).toBe(2);
  });

  const bad: [string, string[], RegExp][] = [
    ['no command', ['run'], /missing required argument|no command/],
    [
      'speedup out of range',
      ['run', '--fixed-speedup', '120', '--', 'node', '-e', '1'],
      /speedup "120" is not a whole percent/,
    ],
    [
      'malformed fixed line',
      ['run', '--fixed-line', 'server.js', '--', 'node', '-e', '1'],
      /give a site as <file>:<line>/,
    ],
    [
      'bad seed',
      ['run', '--seed', '-3', '--', 'node', '-e', '1'],
      /seed "-3" is not a whole number/,
    ],
    [
      'unwritable output',
      ['run', '-o', '/proc/x/p.coz', '--', 'node', '-e', '1'],
      /--output .*cannot write/,
    ],
  ];
  it.each(bad)('bad usage: %s', (_name, args, message) => {
    const r = runCli(args);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('causalprof report', () => {
  it('names the file and line of a damaged profile', () => {
    const dir = tempDir();
    const file = path.join(dir, 'damaged.coz');
    fs.writeFileSync(
      file,
      [
        '{"type":"startup","time":1}',
        '{"type":"experiment","selected":"a.js:3","speedup":0.5,"duration":100,"selected_samples":1}',
        '{"type":"throughput-point","name":"x","delta":7}',
        '{"type":"experiment","selected":"a.js:3","duration":100,"selected_samples":1}',
        '{"type":"runtime","time":5}',
        '',
      ].join('\n'),
    );
    const r = runCli(['report', file]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toMatch(/damaged\.coz:4: .*speedup/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('says when a profile file does not exist', () => {
    const r = runCli(['report', '/nonexistent/profile.coz']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/\/nonexistent\/profile\.coz/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it("reads Coz's own profiles", () => {
    const fixture = path.resolve(__dirname, '..', '..', 'shared', 'fixtures', 'coz', 'ferret.coz');
    const r = runCli(['report', fixture, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { sites: { site: string; impact: number }[] };
    expect(report.sites[0]?.site).toMatch(/:357$/);
  });

  it('says which baseline the report uses, and refuses an unknown mode in one line', () => {
    const fixture = path.resolve(__dirname, '..', '..', 'shared', 'fixtures', 'coz', 'ferret.coz');
    const trend = runCli(['report', fixture]);
    expect(trend.status, trend.stderr).toBe(0);
    expect(trend.stdout).toMatch(
      /^Each experiment is compared with its run's 0% experiments around the same time/m,
    );
    const pooled = runCli(['report', fixture, '--baseline', 'pooled']);
    expect(pooled.stdout).toMatch(/^Each experiment is compared with every 0% experiment/m);
    const perSite = runCli(['report', fixture, '--baseline', 'per-site', '--format', 'json']);
    expect(perSite.status, perSite.stderr).toBe(0);
    expect(JSON.parse(perSite.stdout)).toMatchObject({ baseline: 'per-site' });
    const bad = runCli(['report', fixture, '--baseline', 'median']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe(
      "causalprof: --baseline median: unknown mode; use 'trend', 'pooled', 'per-site'",
    );
  });
});

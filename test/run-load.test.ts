// `--load`: one command profiles a server under a real load generator, and a server under a
// real closed-loop HTTP/2 client gives --http-latency its latency point.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readReport } from './helpers/causal-cli';
import { runNode } from './helpers/process';
import { CLI, tempDir } from './helpers/profile';
import { siteOf, workload } from './helpers/workloads';

const SERVER = workload('h2-server.js');
const HAS_H2LOAD = spawnSync('h2load', ['--version']).status === 0;
const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;
if (!HAS_H2LOAD)
  console.warn(
    '[run-load] SKIPPED the h2load cases: h2load not found (apt-get install nghttp2-client)',
  );

const cert: { KEY?: string; CERT?: string } = {};
beforeAll(() => {
  if (!HAS_OPENSSL) return;
  const dir = tempDir('causalprof-cert-');
  cert.KEY = path.join(dir, 'key.pem');
  cert.CERT = path.join(dir, 'cert.pem');
  const r = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    cert.KEY,
    '-out',
    cert.CERT,
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
  ]);
  expect(r.status, String(r.stderr)).toBe(0);
});

const h2load = (n: number) => `h2load -n ${n} -c 1 -m 10 https://127.0.0.1:{port}/`;

describe.runIf(HAS_H2LOAD && HAS_OPENSSL)('with h2load against an HTTP/2 TLS server', () => {
  it('run --http-latency --load: the load runs once the server listens, then the server is stopped and the profile kept', async () => {
    const out = path.join(tempDir('causalprof-load-'), 'p.coz');
    const r = await runNode(
      [
        CLI,
        'run',
        '-o',
        out,
        '--http-latency',
        '--load',
        h2load(6000),
        '--',
        process.execPath,
        SERVER,
      ],
      { env: cert, timeoutMs: 120_000 },
    );
    console.log(
      `[run-load] h2 run: exit ${r.status} in ${r.ms} ms; ${r.stderr.trim().split('\n').pop()}`,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/finished in [\d.]+s/); // the load's output passes through
    expect(r.stdout).toMatch(/6000 succeeded, 0 failed/);
    const records = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const latency = records.filter((x) => x.type === 'latency-point');
    expect(latency.length).toBeGreaterThan(3);
    for (const p of latency) {
      expect(p.name).toBe('http');
      expect(p.arrivals as number).toBeGreaterThan(0);
      // h2load keeps 10 streams open: arrivals and departures of one experiment differ by at most that.
      expect(Math.abs((p.arrivals as number) - (p.departures as number))).toBeLessThanOrEqual(10);
    }
    expect(records.filter((x) => x.type === 'throughput-point')).toEqual([]);
    const report = await readReport([out]);
    const line = siteOf(SERVER, 'LINE-WORK');
    expect(
      report.sites.some((s) => s.site.endsWith(`/${line}`)),
      line,
    ).toBe(true);
  }, 150_000);

  it('sample --load: a pprof of the server under load', async () => {
    const out = path.join(tempDir('causalprof-load-'), 'cpu.pb.gz');
    const r = await runNode(
      [CLI, 'sample', '-o', out, '--load', h2load(3000), '--', process.execPath, SERVER],
      { env: cert, timeoutMs: 60_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote .*cpu\.pb\.gz: \d+ samples/);
  }, 90_000);
});

describe('the ways --load goes wrong, each one line and no hang', () => {
  const listening = `require('node:http').createServer((q, s) => s.end('x')).listen(0, '127.0.0.1')`;
  const run = (load: string[], program: string[]) =>
    runNode(
      [
        CLI,
        'run',
        '-o',
        path.join(tempDir('causalprof-load-'), 'p.coz'),
        ...load,
        '--',
        process.execPath,
        ...program,
      ],
      { timeoutMs: 60_000 },
    );

  it('a load command that does not exist', async () => {
    const r = await run(['--load', 'no-such-load-generator-here'], ['-e', listening]);
    expect(r.status).toBe(127);
    expect(r.stderr).toMatch(
      /^causalprof: the load command could not be run \(exit 127: not found\?\): no-such-load-generator-here$/m,
    );
  });

  it('a load that fails', async () => {
    const r = await run(['--load', 'exit 3'], ['-e', listening]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^causalprof: the load exited with status 3: exit 3$/m);
  });

  it('a program that never listens', async () => {
    const r = await run(
      ['--load', 'true', '--ready-timeout', '2'],
      ['-e', 'setInterval(() => {}, 1000)'],
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(
      /^causalprof: the program did not listen on a port within 2 s \(--ready-timeout\), so the load was not started and the program was stopped$/m,
    );
  });

  it('a program that never prints the --ready line', async () => {
    const r = await run(
      ['--load', 'true', '--ready', 'started', '--ready-timeout', '2'],
      ['-e', `console.log('booting'); setInterval(() => {}, 1000)`],
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/did not print a line matching \/started\/ within 2 s/);
  });

  it('a program that ends before it is ready', async () => {
    const r = await run(['--load', 'true'], ['-e', 'process.exit(5)']);
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(
      /^causalprof: the program exited with code 5 before it was ready; the load was not started$/m,
    );
  });

  it('--ready: ready at a line of output; the load ends, the program is stopped', async () => {
    const r = await run(
      ['--load', 'echo load-ran', '--ready', '^up$'],
      ['-e', `console.log('up'); setInterval(() => {}, 1000)`],
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^up$/m);
    expect(r.stdout).toMatch(/^load-ran$/m);
  });
});

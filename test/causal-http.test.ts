// An HTTP server with a worker pool (test/workloads/causal-http.js) under real concurrent
// load from a closed-loop client here (8 in flight, keep-alive, loopback), with progress
// points set by hand in its handler (begin/end('request'), progress('response')) and no
// automatic HTTP latency point. Every answer must be right, and the profile must hold
// experiments.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { experimentsIn, readReport, runCausal } from './helpers/causal-cli';
import { httpLoad } from './helpers/http-load';
import { type ProcResult, runNode } from './helpers/process';
import { tempDir } from './helpers/profile';
import { workload } from './helpers/workloads';

const FILE = workload('causal-http.js');
const HASH_ITERS = 3e5;
const CONCURRENCY = 8;
const TOTAL = Number(process.env.CAUSAL_HTTP_REQUESTS || 6000);
const DISTINCT = 256;

/** The workload's hash, computed independently. */
function hash(k: number): number {
  let h = (2166136261 ^ k) >>> 0;
  for (let i = 0; i < HASH_ITERS; i++) h = Math.imul(h ^ i, 16777619);
  return h >>> 0;
}
const expected = new Map<number, string>();
function keyFor(i: number): number {
  return ((i % DISTINCT) * 2654435761 + 12345) % 1_000_000_007;
}
function check(i: number, status: number | undefined, body: string): string | null {
  const k = keyFor(i);
  let want = expected.get(k);
  if (want === undefined) {
    want = `${k} ${hash(k)}`;
    expected.set(k, want);
  }
  if (status !== 200) return `request ${i}: status ${status}`;
  return body === want
    ? null
    : `request ${i}: got ${JSON.stringify(body)}, want ${JSON.stringify(want)}`;
}

/** Starts a server (profiled or not), drives the load once it prints its port, waits for exit. */
async function serveAndLoad(
  start: (onStdoutLine: (line: string) => void) => Promise<ProcResult>,
  total: number,
) {
  let announce: (port: number) => void = () => {};
  const port = new Promise<number>((resolve) => {
    announce = resolve;
  });
  const onLine = (line: string) => {
    try {
      const v = JSON.parse(line) as { port?: number };
      if (typeof v.port === 'number') announce(v.port);
    } catch {
      // not ours
    }
  };
  const exit = start(onLine);
  const p = await Promise.race([
    port,
    exit.then((r) => Promise.reject(new Error(`server exited early: ${r.status} ${r.stderr}`))),
  ]);
  const load = await httpLoad(p, {
    total,
    concurrency: CONCURRENCY,
    pathFor: (i) => `/hash/${keyFor(i)}`,
    check,
  });
  return { load, proc: await exit };
}

describe('causal: HTTP server with a worker pool under concurrent load', () => {
  it('answers every request correctly without the profiler (control)', async () => {
    const { load, proc } = await serveAndLoad(
      (onStdoutLine) => runNode([FILE], { env: { HASH_ITERS: String(HASH_ITERS) }, onStdoutLine }),
      1000,
    );
    console.log(
      `[causal-http] unprofiled: ${load.ok}/${load.sent} ok in ${load.ms} ms; ${proc.stdout.trim().split('\n').pop()}`,
    );
    expect(load.failures).toEqual([]);
    expect(load.ok).toBe(1000);
    expect(proc.status, proc.stderr).toBe(0);
  }, 60_000);

  it('under causalprof run: every answer correct, and the profile has experiments', async () => {
    const out = path.join(tempDir('causalprof-http-'), 'p.coz');
    const { load, proc } = await serveAndLoad(
      (onStdoutLine) =>
        runCausal(FILE, { out, env: { HASH_ITERS: String(HASH_ITERS) }, onStdoutLine }),
      TOTAL,
    );
    const exps = experimentsIn(out);
    const bySite = new Map<string, number>();
    for (const e of exps)
      bySite.set(path.basename(e.selected), (bySite.get(path.basename(e.selected)) ?? 0) + 1);
    console.log(
      `[causal-http] profiled: ${load.ok}/${load.sent} ok in ${load.ms} ms (${Math.round((load.ok * 1000) / load.ms)} req/s); ` +
        `exit ${proc.status}; ${exps.length} experiments: ${[...bySite].map(([s, n]) => `${s} x${n}`).join(', ')}`,
    );
    expect(load.failures).toEqual([]);
    expect(load.ok).toBe(TOTAL);
    expect(proc.status, proc.stderr).toBe(0);
    expect(exps.length).toBeGreaterThan(0);
    expect(
      exps.some((e) => path.basename(e.selected).startsWith('causal-http.js:')),
      'some experiment on a line of the workload',
    ).toBe(true);
    const report = await readReport([out]);
    console.log(
      `[causal-http] report: ${report.experiments} experiments read; sites ${report.sites
        .slice(0, 5)
        .map((s) => `${path.basename(s.site)}/${s.progressPoint} impact ${s.impact}`)
        .join(', ')}${report.message ? `; message: ${report.message}` : ''}`,
    );
    expect(report.experiments ?? 0).toBeGreaterThan(0);
    // The points set by hand, and no automatic 'http' latency point (--http-latency is off).
    const points = (report.progressPoints ?? []) as string[];
    expect(points).toContain('request');
    expect(points).toContain('response');
    expect(points).not.toContain('http');
  }, 120_000);
});

// Runs the causal ground-truth workloads (test/workloads/causal-*.js): for real, with a
// fraction of one line's work really removed, and under `causalprof run` with a virtual
// speedup of that line; and reads what `causalprof report --format json` predicts.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { siteMatches } from '../../lib/causal/sites';
import { CLI, tempDir, WORKLOADS } from './profile';

export { CLI, tempDir, WORKLOADS } from './profile';

export interface ProcResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** CPU time the whole machine was busy (all processes) while the child ran, ms. */
  machineBusyMs: number;
  /** Time the hypervisor gave our CPUs to someone else while the child ran, ms. */
  stealMs: number;
}

/** Machine-wide CPU times from /proc/stat, in ms (zeros where it cannot be read). */
export function machineCpu(): { busyMs: number; stealMs: number } {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
    const [user, nice, system, , , irq, softirq, steal] = f.slice(1).map(Number) as number[];
    const tick = 10; // USER_HZ = 100
    return {
      busyMs: ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)) * tick,
      stealMs: (steal ?? 0) * tick,
    };
  } catch {
    return { busyMs: 0, stealMs: 0 };
  }
}

/**
 * Runs `node args...` to its exit (killed after timeoutMs). `onStdoutLine` sees each line of
 * stdout as it arrives, for programs that announce something (a port) while they run.
 */
export function runNode(
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    onStdoutLine?: (line: string) => void;
  } = {},
): Promise<ProcResult> {
  const started = Date.now();
  const cpu0 = machineCpu();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (!options.onStdoutLine) return;
      partial += chunk;
      let i = partial.indexOf('\n');
      while (i >= 0) {
        options.onStdoutLine(partial.slice(0, i));
        partial = partial.slice(i + 1);
        i = partial.indexOf('\n');
      }
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 110_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const cpu1 = machineCpu();
      resolve({
        status,
        signal,
        stdout,
        stderr,
        ms: Date.now() - started,
        machineBusyMs: cpu1.busyMs - cpu0.busyMs,
        stealMs: cpu1.stealMs - cpu0.stealMs,
      });
    });
  });
}

/** What every causal-*.js workload prints on stdout: its own steady-state throughput. */
export interface WorkloadResult {
  units: number;
  windowMs: number;
  /** Units of work per second over the window. */
  rate: number;
  /** CPU time of the workload's process (all threads) over its life. */
  cpuMs?: number;
  /**
   * Added by runWorkload: cores' worth of CPU that other processes (and the hypervisor)
   * took while the workload ran; a measure of how disturbed the measurement was.
   */
  otherCores?: number;
  [extra: string]: unknown;
}

/** Runs with more outside CPU load than this (in cores) are measured again. */
export const MAX_OTHER_CORES = Number(process.env.CAUSAL_MAX_OTHER_CORES || 0.15);

/** The last line of stdout that parses as a JSON object with a rate. */
export function parseWorkloadResult(stdout: string): WorkloadResult {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      const v = JSON.parse(line) as WorkloadResult;
      if (typeof v.rate === 'number') return v;
    } catch {
      // not the result line
    }
  }
  throw new Error(`no result line in workload output:\n${stdout}`);
}

export function workload(name: string): string {
  return path.join(WORKLOADS, name);
}

/**
 * The 1-based line of the one line of `file` that ends with the comment `// <marker>` (a
 * marker mentioned in prose elsewhere does not count).
 */
export function markedLine(file: string, marker: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const hits = lines.flatMap((l, i) =>
    l.trimEnd().endsWith(`// ${marker}`) && !l.trimStart().startsWith('//') ? [i + 1] : [],
  );
  if (hits.length !== 1) throw new Error(`${marker} marks ${hits.length} lines of ${file}, not 1`);
  return hits[0] as number;
}

/** "<basename>:<line>" of the line marked `marker` in a workload. */
export function siteOf(file: string, marker: string): string {
  return `${path.basename(file)}:${markedLine(file, marker)}`;
}

/** Cores' worth of CPU used by others while `r` ran: machine busy + steal - the workload's own. */
export function otherCores(r: ProcResult, ownCpuMs: number | undefined): number {
  if (ownCpuMs === undefined || r.ms <= 0) return Number.NaN;
  return Math.max(0, r.machineBusyMs + r.stealMs - ownCpuMs) / r.ms;
}

/**
 * Runs a workload without the profiler for runMs and returns what it measured. A run that
 * other processes disturbed (more than MAX_OTHER_CORES) is repeated, up to `retries` times;
 * the least disturbed one is kept.
 */
export async function runWorkload(
  file: string,
  env: NodeJS.ProcessEnv = {},
  runMs = 2500,
  retries = 1,
): Promise<WorkloadResult> {
  let best: WorkloadResult | undefined;
  for (let attempt = 0; attempt <= retries; attempt++) {
    const r = await runNode([file], { env: { RUN_MS: String(runMs), ...env } });
    if (r.status !== 0) throw new Error(`${path.basename(file)} exited ${r.status}: ${r.stderr}`);
    const result = parseWorkloadResult(r.stdout);
    result.otherCores = otherCores(r, result.cpuMs);
    if (best === undefined || (result.otherCores ?? 0) < (best.otherCores ?? 0)) best = result;
    if (!((result.otherCores ?? 0) > MAX_OTHER_CORES)) break;
  }
  return best as WorkloadResult;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** (max - min) / median: run-to-run spread of a set of rates. */
export function spread(xs: readonly number[]): number {
  return (Math.max(...xs) - Math.min(...xs)) / median(xs);
}

export interface RealSpeedups {
  /** Rates (units/s) of the runs with nothing removed. */
  baseline: number[];
  /** By variant: rates of its runs. */
  rates: Record<string, number[]>;
  /** Outside CPU load (cores) during each run kept, baseline and variants in run order. */
  otherCores: number[];
  /**
   * By variant: the real program speedup as the report defines it, (P0 - Ps) / P0 with
   * P = 1 / rate, i.e. 1 - rate0 / rateS, from the median rates.
   */
  speedup: Record<string, number>;
}

/**
 * Measures real program speedups: `reps` rounds, each a baseline run then one run per
 * variant (an environment, e.g. {REMOVE_A: '0.25'}), alternating so that slow drifts of the
 * machine hit all of them; speedups from the median rates.
 */
export async function measureRealSpeedups(
  file: string,
  variants: Record<string, NodeJS.ProcessEnv>,
  options: { reps?: number; runMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RealSpeedups> {
  const reps = options.reps ?? 3;
  const baseline: number[] = [];
  const rates: Record<string, number[]> = {};
  const others: number[] = [];
  for (const name of Object.keys(variants)) rates[name] = [];
  for (let i = 0; i < reps; i++) {
    const b = await runWorkload(file, options.env, options.runMs);
    baseline.push(b.rate);
    others.push(b.otherCores ?? Number.NaN);
    for (const [name, env] of Object.entries(variants)) {
      const r = await runWorkload(file, { ...options.env, ...env }, options.runMs);
      rates[name]?.push(r.rate);
      others.push(r.otherCores ?? Number.NaN);
    }
  }
  const rate0 = median(baseline);
  const speedup: Record<string, number> = {};
  for (const [name, rs] of Object.entries(rates)) speedup[name] = 1 - rate0 / median(rs);
  return { baseline, rates, speedup, otherCores: others };
}

/**
 * `causalprof run --fixed-line <site> --fixed-speedup <percent> -o <out> -- node <file>`,
 * appending to `out`; resolves when the run exits.
 */
export async function runCausal(
  file: string,
  options: {
    out: string;
    fixedLine?: string;
    /** A percentage 0..100, or a list of them ("0,25,50") taking turns. */
    fixedSpeedup?: number | string;
    runMs?: number;
    args?: string[];
    env?: NodeJS.ProcessEnv;
    onStdoutLine?: (line: string) => void;
    timeoutMs?: number;
  },
): Promise<ProcResult> {
  const args = [CLI, 'run', '-o', options.out];
  if (options.fixedLine !== undefined) args.push('--fixed-line', options.fixedLine);
  if (options.fixedSpeedup !== undefined)
    args.push('--fixed-speedup', String(options.fixedSpeedup));
  args.push(...(options.args ?? []), '--', process.execPath, file);
  return runNode(args, {
    env: {
      ...(options.runMs === undefined ? {} : { RUN_MS: String(options.runMs) }),
      ...options.env,
    },
    onStdoutLine: options.onStdoutLine,
    timeoutMs: options.timeoutMs,
  });
}

/** `causalprof run --help` works: the causal half of the CLI exists in dist/. */
export async function causalCliAvailable(): Promise<boolean> {
  if (!fs.existsSync(CLI)) return false;
  const r = await runNode([CLI, 'run', '--help'], { timeoutMs: 20_000 });
  return r.status === 0;
}

export interface ReportRowJson {
  speedup: number;
  experiments: number;
  nsPerVisit: number | null;
  programSpeedup: number | null;
  scaledSamples: number | null;
  used?: boolean;
}

export interface ReportSiteJson {
  site: string;
  function: string | null;
  progressPoint?: string;
  impact: number | null;
  trusted?: boolean;
  untrustedReasons?: string[];
  experiments?: number;
  rows: ReportRowJson[];
}

export interface ReportJson {
  experiments?: number;
  sites: ReportSiteJson[];
  warnings?: string[];
  message?: string;
  [extra: string]: unknown;
}

/** `causalprof report <files> --format json`, parsed. */
export async function readReport(files: string[]): Promise<ReportJson> {
  const r = await runNode([CLI, 'report', ...files, '--format', 'json'], { timeoutMs: 60_000 });
  if (r.status !== 0) throw new Error(`report exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as ReportJson;
}

/**
 * The report's site named as --fixed-line takes it: `<file>:<line>` matched on whole path
 * segments from the end (the report names files by absolute path), or a native function.
 */
export function findSite(
  report: ReportJson,
  site: string,
  progressPoint?: string,
): ReportSiteJson | undefined {
  return report.sites.find(
    (s) =>
      siteMatches(s.site, site) &&
      (progressPoint === undefined || s.progressPoint === progressPoint),
  );
}

/** The row at line speedup `speedup` (a fraction). */
export function rowAt(
  site: ReportSiteJson | undefined,
  speedup: number,
): ReportRowJson | undefined {
  return site?.rows.find((r) => Math.abs(r.speedup - speedup) < 1e-6);
}

/** Experiment records in a profile file (JSON Lines), with their selected site and speedup. */
export function experimentsIn(file: string): { selected: string; speedup: number }[] {
  if (!fs.existsSync(file)) return [];
  const out: { selected: string; speedup: number }[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    const rec = JSON.parse(line) as { type?: string; selected?: string; speedup?: number };
    if (rec.type === 'experiment')
      out.push({ selected: String(rec.selected), speedup: Number(rec.speedup) });
  }
  return out;
}

/** Numbers rounded for messages and logs. */
export function r3(x: number | null | undefined): string {
  return x === null || x === undefined || Number.isNaN(x) ? String(x) : x.toFixed(3);
}

/**
 * A site of a workload and the suffix of its REMOVE_<suffix> switch: a line marked
 * `// <marker>`, or a site as --fixed-line names it (a native function such as
 * 'sha256_block*'), or one found by running the workload (Node's internal lines differ
 * between Node lines).
 */
export interface MarkedLine {
  marker?: string;
  site?: string;
  discover?: () => Promise<string>;
  remove: string;
}

export interface AcceptanceSpec {
  /** e.g. 'causal-forkjoin.js' */
  workload: string;
  /** Names the suite when one workload serves several (e.g. 'internal'). */
  variant?: string;
  /** Environment of every run of the workload, real and profiled. */
  env?: NodeJS.ProcessEnv;
  /** Extra `causalprof run` arguments, e.g. ['--scope', 'node:*']. */
  runArgs?: string[];
  progressPoint: string;
  /** The line whose speedup should speed the program up. */
  critical: MarkedLine;
  /** What the structure implies for the critical line: program speedup at line speedup s. */
  criticalIdeal: (s: number) => number;
  /**
   * How far the real speedup may be from criticalIdeal at s (default STRUCTURE_TOLERANCE):
   * wider at a knee of the structure, where two paths become equally critical.
   */
  structureTolerance?: (s: number) => number;
  /** A second line: off the critical path (ideal 0), or a cooler line on it. */
  other: MarkedLine;
  otherIdeal: (s: number) => number;
  /** Off the critical path: its predicted effect must be within TOLERANCE of zero. */
  otherOffCritical: boolean;
  /** Extra assertions on the report, e.g. causal vs sampling. */
  extra?: (ctx: AcceptanceContext) => void;
}

export interface AcceptanceContext {
  report: ReportJson;
  critical: ReportSiteJson | undefined;
  other: ReportSiteJson | undefined;
  real: RealSpeedups;
}

/** How far a prediction may be from the real speedup (or from zero off the critical path). */
export const TOLERANCE = 0.05;
/** How far the real speedup may be from what the workload's structure implies. */
export const STRUCTURE_TOLERANCE = 0.06;
export const REAL_RUN_MS = Number(process.env.CAUSAL_REAL_RUN_MS || 2300);
export const REAL_REPS = Number(process.env.CAUSAL_REAL_REPS || 5);
export const CAUSAL_RUN_MS = Number(process.env.CAUSAL_RUN_MS || 4500);
/** Line speedups tried, in percent. */
export const SPEEDUPS = [0, 25, 50] as const;

function within(
  actual: number | null | undefined,
  expected: number,
  tolerance: number,
  what: string,
) {
  expect(actual, `${what}: no value`).toBeTypeOf('number');
  expect(
    Math.abs((actual as number) - expected),
    `${what}: ${r3(actual)} vs ${r3(expected)} (tolerance ${tolerance})`,
  ).toBeLessThanOrEqual(tolerance);
}

function rowSummary(site: ReportSiteJson | undefined): string {
  if (!site) return '(site not in report)';
  return site.rows
    .map(
      (r) =>
        `s=${r.speedup} n=${r.experiments} ns/visit=${r.nsPerVisit === null ? 'null' : Math.round(r.nsPerVisit)} ` +
        `pred=${r3(r.programSpeedup)} scaled=${r3(r.scaledSamples)}`,
    )
    .join('; ');
}

/**
 * The acceptance tests of one ground-truth workload: real speedups by really removing work;
 * `causalprof run --fixed-line --fixed-speedup` at 0, 25 and 50% on the critical and the
 * other line, appended to one profile; the report's predictions against the real numbers.
 */
/** The site a MarkedLine names, as --fixed-line takes it. */
async function resolveSite(file: string, line: MarkedLine): Promise<string> {
  if (line.marker !== undefined) return siteOf(file, line.marker);
  if (line.site !== undefined) return line.site;
  if (line.discover !== undefined) return line.discover();
  throw new Error('a MarkedLine needs a marker, a site or a way to discover it');
}

export function describeCausalAcceptance(spec: AcceptanceSpec): void {
  const file = workload(spec.workload);
  const name = spec.variant === undefined ? spec.workload : `${spec.workload} (${spec.variant})`;
  const sites: { critical: string; other: string } = { critical: '?', other: '?' };
  const state: { real?: RealSpeedups; report?: ReportJson } = {};
  const log = (msg: string) => console.log(`[${name}] ${msg}`);
  const env = spec.env ?? {};

  describe(`causal ground truth: ${name}`, () => {
    it('real speedups (work really removed) are what the structure implies', async () => {
      sites.critical = await resolveSite(file, spec.critical);
      sites.other = await resolveSite(file, spec.other);
      const { critical: criticalSite, other: otherSite } = sites;
      const real = await measureRealSpeedups(
        file,
        {
          critical25: { [`REMOVE_${spec.critical.remove}`]: '0.25' },
          critical50: { [`REMOVE_${spec.critical.remove}`]: '0.5' },
          other50: { [`REMOVE_${spec.other.remove}`]: '0.5' },
        },
        { reps: REAL_REPS, runMs: REAL_RUN_MS, env },
      );
      state.real = real;
      const rates = Object.entries({ baseline: real.baseline, ...real.rates })
        .map(([k, v]) => `${k}=[${v.map((x) => x.toFixed(1)).join(',')}]`)
        .join(' ');
      log(
        `real rates/s ${rates}; baseline spread ${r3(spread(real.baseline))}; ` +
          `outside load (cores) per run ${real.otherCores.map((x) => x.toFixed(2)).join(',')}`,
      );
      log(
        `real speedups: ${criticalSite} 0.25 -> ${r3(real.speedup.critical25)}, 0.5 -> ${r3(real.speedup.critical50)}; ` +
          `${otherSite} 0.5 -> ${r3(real.speedup.other50)}`,
      );
      const load = `; outside load up to ${Math.max(...real.otherCores).toFixed(2)} cores`;
      within(
        real.speedup.critical25,
        spec.criticalIdeal(0.25),
        spec.structureTolerance?.(0.25) ?? STRUCTURE_TOLERANCE,
        `real ${criticalSite} @0.25${load}`,
      );
      within(
        real.speedup.critical50,
        spec.criticalIdeal(0.5),
        spec.structureTolerance?.(0.5) ?? STRUCTURE_TOLERANCE,
        `real ${criticalSite} @0.5${load}`,
      );
      within(
        real.speedup.other50,
        spec.otherIdeal(0.5),
        STRUCTURE_TOLERANCE,
        `real ${otherSite} @0.5${load}`,
      );
    }, 150_000);

    it('causalprof run --fixed-line/--fixed-speedup: experiments at 0, 25, 50% on both lines', async () => {
      const { critical: criticalSite, other: otherSite } = sites;
      const out = path.join(tempDir('causalprof-causal-'), 'p.coz');
      // One run per line with the speedups taking turns: baselines and speedups share the
      // process (its JIT decisions) and the machine's moment, so drift between runs cannot
      // pass for an effect.
      const s = SPEEDUPS.join(',');
      for (const site of [criticalSite, otherSite]) {
        const r = await runCausal(file, {
          out,
          fixedLine: site,
          fixedSpeedup: s,
          runMs: CAUSAL_RUN_MS * SPEEDUPS.length,
          args: spec.runArgs,
          env,
        });
        const inside = (() => {
          try {
            return r3(parseWorkloadResult(r.stdout).rate);
          } catch {
            return '?';
          }
        })();
        const own = (() => {
          try {
            return parseWorkloadResult(r.stdout).cpuMs;
          } catch {
            return undefined;
          }
        })();
        log(
          `run ${site} @${s}%: exit ${r.status} in ${r.ms} ms, rate under profiler ${inside}/s, ` +
            `outside load ${r3(otherCores(r, own))} cores`,
        );
        expect(r.status, `${site} @${s}%: ${r.stderr}`).toBe(0);
      }
      const exps = experimentsIn(out);
      for (const site of [criticalSite, otherSite]) {
        for (const s of SPEEDUPS) {
          const n = exps.filter(
            (e) => siteMatches(e.selected, site) && Math.abs(e.speedup - s / 100) < 1e-6,
          ).length;
          log(`experiments ${site} @${s}%: ${n}`);
          expect(n, `experiments on ${site} at ${s}%`).toBeGreaterThanOrEqual(2);
        }
      }
      state.report = await readReport([out]);
      log(`profile ${out}: ${exps.length} experiments`);
    }, 200_000);

    it('predicts the critical line within 0.05 of the real speedup at 25% and 50%', () => {
      const { critical: criticalSite } = sites;
      expect(state.real, 'real speedups not measured').toBeDefined();
      expect(state.report, 'no report').toBeDefined();
      const { real, report } = state as Required<typeof state>;
      const site = findSite(report, criticalSite, spec.progressPoint);
      log(`${criticalSite}: ${rowSummary(site)}`);
      log(
        `${criticalSite} predicted vs real: 0.25 -> ${r3(rowAt(site, 0.25)?.programSpeedup)} vs ${r3(real.speedup.critical25)}; ` +
          `0.5 -> ${r3(rowAt(site, 0.5)?.programSpeedup)} vs ${r3(real.speedup.critical50)}`,
      );
      expect(site, `${criticalSite} in report`).toBeDefined();
      within(
        rowAt(site, 0.25)?.programSpeedup,
        real.speedup.critical25 as number,
        TOLERANCE,
        `${criticalSite} @0.25`,
      );
      within(
        rowAt(site, 0.5)?.programSpeedup,
        real.speedup.critical50 as number,
        TOLERANCE,
        `${criticalSite} @0.5`,
      );
    });

    it(
      spec.otherOffCritical
        ? 'predicts no effect (within 0.05 of zero) for the line off the critical path'
        : 'predicts the other line within 0.05 of the real speedup at 50%',
      () => {
        const { other: otherSite } = sites;
        expect(state.real, 'real speedups not measured').toBeDefined();
        expect(state.report, 'no report').toBeDefined();
        const { real, report } = state as Required<typeof state>;
        const site = findSite(report, otherSite, spec.progressPoint);
        log(`${otherSite}: ${rowSummary(site)}`);
        log(
          `${otherSite} predicted: 0.25 -> ${r3(rowAt(site, 0.25)?.programSpeedup)}, 0.5 -> ${r3(rowAt(site, 0.5)?.programSpeedup)}` +
            ` vs real @0.5 ${r3(real.speedup.other50)}`,
        );
        expect(site, `${otherSite} in report`).toBeDefined();
        if (spec.otherOffCritical) {
          within(rowAt(site, 0.25)?.programSpeedup, 0, TOLERANCE, `${otherSite} @0.25`);
          within(rowAt(site, 0.5)?.programSpeedup, 0, TOLERANCE, `${otherSite} @0.5`);
        }
        within(
          rowAt(site, 0.5)?.programSpeedup,
          real.speedup.other50 as number,
          TOLERANCE,
          `${otherSite} @0.5 vs real`,
        );
      },
    );

    const extra = spec.extra;
    if (extra) {
      it('agrees with the sampling profile where it should, and not where it should not', () => {
        expect(state.real, 'real speedups not measured').toBeDefined();
        expect(state.report, 'no report').toBeDefined();
        const { real, report } = state as Required<typeof state>;
        extra({
          report,
          real,
          critical: findSite(report, sites.critical, spec.progressPoint),
          other: findSite(report, sites.other, spec.progressPoint),
        });
      });
    }
  });
}

export { within };

export interface LoadResult {
  sent: number;
  ok: number;
  /** The first few wrong answers or errors, as text. */
  failures: string[];
  failureCount: number;
  ms: number;
}

/**
 * A closed-loop HTTP client on loopback: `concurrency` loops over one keep-alive agent, each
 * sending its next GET as soon as the previous answer arrived, `total` requests in all.
 * `check(i, status, body)` returns null if the answer to request i is right, else why not.
 */
export async function httpLoad(
  port: number,
  options: {
    total: number;
    concurrency: number;
    pathFor: (i: number) => string;
    check: (i: number, status: number | undefined, body: string) => string | null;
  },
): Promise<LoadResult> {
  const http = await import('node:http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const get = (p: string) =>
    new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: p, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  const started = Date.now();
  const result: LoadResult = { sent: 0, ok: 0, failures: [], failureCount: 0, ms: 0 };
  const fail = (why: string) => {
    result.failureCount++;
    if (result.failures.length < 5) result.failures.push(why);
  };
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (result.sent < options.total) {
        const i = result.sent++;
        try {
          const { status, body } = await get(options.pathFor(i));
          const why = options.check(i, status, body);
          if (why === null) result.ok++;
          else fail(why);
        } catch (err) {
          fail(`request ${i}: ${(err as Error).message}`);
        }
      }
    }),
  );
  result.ms = Date.now() - started;
  try {
    await get('/quit');
  } finally {
    agent.destroy();
  }
  return result;
}

/**
 * The site with the most samples among those whose name starts with `prefix`, from a short
 * `causalprof run` of the workload (its `samples` records): how a test finds a line of Node's
 * own code, whose number differs between Node lines.
 */
export async function discoverTopSite(
  file: string,
  prefix: string,
  options: { env?: NodeJS.ProcessEnv; args?: string[]; runMs?: number },
): Promise<string> {
  const out = path.join(tempDir('causalprof-discover-'), 'p.coz');
  const r = await runCausal(file, {
    out,
    runMs: options.runMs ?? 3000,
    args: options.args,
    env: options.env,
  });
  if (r.status !== 0) throw new Error(`discovery run exited ${r.status}: ${r.stderr}`);
  const counts = new Map<string, number>();
  for (const line of fs.readFileSync(out, 'utf8').split('\n')) {
    if (!line.startsWith('{"type":"samples"')) continue;
    const rec = JSON.parse(line) as { location: string; count: number };
    // Cumulative per process: the largest count of a location is its total.
    if (rec.location.startsWith(prefix))
      counts.set(rec.location, Math.max(counts.get(rec.location) ?? 0, rec.count));
  }
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (top === undefined) throw new Error(`no site starting with ${prefix} was sampled`);
  return top[0];
}

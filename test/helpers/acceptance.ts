// The acceptance tests of one causal ground truth: its real speedups (work really removed),
// `causalprof run --fixed-line --fixed-speedup` on its critical and other line, and the
// report's predictions against the real numbers.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { siteMatches } from '../../lib/causal/sites';
import { BUSY_OUTSIDE_CORES, BUSY_STEAL_CORES } from '../../lib/report/constants';
import {
  experimentsIn,
  findSite,
  type ReportJson,
  type ReportRowJson,
  type ReportSiteJson,
  readReport,
  rowAt,
  runCausal,
} from './causal-cli';
import { otherCores } from './process';
import { tempDir } from './profile';
import { r3, spread } from './stats';
import {
  calibrateWorkload,
  MAX_OTHER_CORES,
  measureRealSpeedups,
  parseWorkloadResult,
  type RealSpeedups,
  siteOf,
  workload,
} from './workloads';

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
  /**
   * The workload's unit of calls is measured on this machine first (CALIBRATE=1, see
   * causal-forkjoin.js) and the counts join `env`, so every run does the same work.
   */
  calibrate?: boolean;
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
  /** Runs of each real variant (default REAL_REPS): more for a workload whose rate varies more. */
  realReps?: number;
  /**
   * Node lines (majors) on which this ground truth is known to hold; on others the suite is
   * skipped under a name that says why (README, "Node versions", says the same).
   */
  holdsOn?: { majors: number[]; elsewhere: string };
}

export interface AcceptanceContext {
  report: ReportJson;
  critical: ReportSiteJson | undefined;
  other: ReportSiteJson | undefined;
  real: RealSpeedups;
}

/** How far a prediction may be from the real speedup (or from zero off the critical path). */
export const TOLERANCE = 0.05;

/**
 * The same against a real speedup that is itself measured with standard error `se`: the
 * prediction must be within TOLERANCE of the true effect, and the measured one is within
 * 1.96 se of that 95% of the time, so the two combine in quadrature. Without it, a real
 * effect measured low by chance failed a prediction that was right: the native fork-join's
 * 25% read 0.091 (rates 65.8-70.8 against 61.1-63.9; se 0.02) where its structure says 0.125
 * and the profile said 0.147 (a fresh clone, 2026-12-02).
 */
export function againstReal(se: number | undefined, predicted?: ReportRowJson): number {
  return Math.sqrt(TOLERANCE ** 2 + (1.96 * (se ?? 0)) ** 2 + halfWidth(predicted) ** 2);
}

/**
 * Half the report's 95% interval for a prediction: it comes from 4-6 experiments at that
 * speedup, and at fork-join's 50% that interval is +/-0.03-0.04 (2026-12-03), so a fixed 0.05
 * allowed the real side its error and the predicted side none. Fork-join's critical line
 * also reads low by about 0.03 at 50% (0.459 vs 0.489, 0.429 vs 0.482 on a quiet machine
 * here; bench/README.md's mean slope error -0.03): a bias left open in issue 9, which this
 * bound does not hide beyond the interval the report itself prints.
 */
function halfWidth(row: ReportRowJson | undefined): number {
  if (row === undefined || row.low === null || row.high === null) return 0;
  return (row.high - row.low) / 2;
}

/** How far the real speedup may be from what the workload's structure implies. */
export const STRUCTURE_TOLERANCE = 0.06;

/**
 * The same allowing for the real speedup's own measured error, as againstReal does: the
 * fork-join's real speedups are medians of 5-11 runs whose rates spread by 10% (native,
 * undisturbed: se 0.027-0.039, 2026-12-03), and a fixed 0.06 is then only 1.5-2 se. (CI's
 * misses of 0.063 had another cause, the call counts fitted to another CPU; fixed by
 * calibration, see causal-forkjoin.js.)
 */
function againstStructure(tolerance: number, se: number | undefined): number {
  return Math.sqrt(tolerance ** 2 + (1.96 * (se ?? 0)) ** 2);
}

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
        `pred=${r3(r.programSpeedup)} [${r3(r.low)}, ${r3(r.high)}] scaled=${r3(r.scaledSamples)}`,
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

/**
 * The report's own verdict that the machine was too busy to trust the profile (other
 * processes' CPU or the hypervisor's steal above its thresholds), or undefined. The report
 * also warns when the program itself fills the cores; that is the workload, not a
 * disturbance, so it does not count here.
 */
export function busyMachine(report: ReportJson): string | undefined {
  const { outsideCores, stealCores } = report.machine;
  const busy =
    (outsideCores !== null && outsideCores > BUSY_OUTSIDE_CORES) ||
    (stealCores !== null && stealCores > BUSY_STEAL_CORES);
  if (!busy) return undefined;
  const warning = report.warnings.find((w) => /other processes used|hypervisor took/.test(w));
  expect(warning, "a busy machine is named in the report's warnings").toBeDefined();
  return warning;
}

export function describeCausalAcceptance(spec: AcceptanceSpec): void {
  const file = workload(spec.workload);
  const name = spec.variant === undefined ? spec.workload : `${spec.workload} (${spec.variant})`;
  const sites: { critical: string; other: string } = { critical: '?', other: '?' };
  const state: { real?: RealSpeedups; report?: ReportJson } = {};
  /** Per site: why its profile was taken on a busy machine (the report says so), if it was. */
  const disturbed = new Map<string, string>();
  const log = (msg: string) => console.log(`[${name}] ${msg}`);
  /**
   * The profiler's promise is an accurate answer or a warning that the machine was too busy
   * for one. A site whose every run the report warned about (it said so: checked when the
   * run was taken) has its accuracy left unasserted, and the log says why.
   */
  const onBusyMachine = (site: string): boolean => {
    const why = disturbed.get(site);
    if (why !== undefined) log(`${site}: accuracy not asserted: the machine was busy (${why})`);
    return why !== undefined;
  };
  const env: NodeJS.ProcessEnv = { ...spec.env };

  const major = Number(process.versions.node.split('.')[0]);
  const holds = spec.holdsOn === undefined || spec.holdsOn.majors.includes(major);
  const title = holds
    ? `causal ground truth: ${name}`
    : `causal ground truth: ${name}: not on Node ${major}: ${spec.holdsOn?.elsewhere}`;
  (holds ? describe : describe.skip)(title, () => {
    beforeAll(async () => {
      if (!spec.calibrate) return;
      Object.assign(env, await calibrateWorkload(file, env));
      log(`calibrated on this machine: ${JSON.stringify(env)}`);
    });
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
        { reps: spec.realReps ?? REAL_REPS, runMs: REAL_RUN_MS, env },
      );
      state.real = real;
      const rates = Object.entries({ baseline: real.baseline, ...real.rates })
        .map(([k, v]) => `${k}=[${v.map((x) => x.toFixed(1)).join(',')}]`)
        .join(' ');
      log(
        `real rates/s ${rates}; baseline spread ${r3(spread(real.baseline))}; ` +
          `outside load (cores) per run ${real.otherCores.map((x) => x.toFixed(2)).join(',')}`,
      );
      const se = (k: string) => ` (se ${r3(real.speedupSe[k])})`;
      log(
        `real speedups: ${criticalSite} 0.25 -> ${r3(real.speedup.critical25)}${se('critical25')}, 0.5 -> ${r3(real.speedup.critical50)}${se('critical50')}; ` +
          `${otherSite} 0.5 -> ${r3(real.speedup.other50)}${se('other50')}`,
      );
      const load = `; outside load up to ${Math.max(...real.otherCores).toFixed(2)} cores`;
      within(
        real.speedup.critical25,
        spec.criticalIdeal(0.25),
        againstStructure(
          spec.structureTolerance?.(0.25) ?? STRUCTURE_TOLERANCE,
          real.speedupSe.critical25,
        ),
        `real ${criticalSite} @0.25${load}`,
      );
      within(
        real.speedup.critical50,
        spec.criticalIdeal(0.5),
        againstStructure(
          spec.structureTolerance?.(0.5) ?? STRUCTURE_TOLERANCE,
          real.speedupSe.critical50,
        ),
        `real ${criticalSite} @0.5${load}`,
      );
      within(
        real.speedup.other50,
        spec.otherIdeal(0.5),
        againstStructure(STRUCTURE_TOLERANCE, real.speedupSe.other50),
        `real ${otherSite} @0.5${load}`,
      );
      // 20 runs of ~3 s, each repeated once if disturbed: up to ~130 s on a busy machine.
    }, 240_000);

    it('causalprof run --fixed-line/--fixed-speedup: experiments at 0, 25, 50% on both lines', async () => {
      const { critical: criticalSite, other: otherSite } = sites;
      const out = path.join(tempDir('causalprof-causal-'), 'p.coz');
      // One run per line with the speedups taking turns: baselines and speedups share the
      // process (its JIT decisions) and the machine's moment, so drift between runs cannot
      // pass for an effect.
      const s = SPEEDUPS.join(',');
      for (const site of [criticalSite, otherSite]) {
        // As for the real runs: a run other processes disturbed (more than MAX_OTHER_CORES),
        // or that the report calls too busy to trust, is run again, up to twice, and the
        // least disturbed profile kept.
        let kept: { file: string; load: number; busy?: string } | undefined;
        for (let attempt = 0; attempt < 3; attempt++) {
          const attemptOut = `${out}.${site.replace(/[^\w.-]/g, '_')}.${attempt}`;
          const r = await runCausal(file, {
            out: attemptOut,
            fixedLine: site,
            fixedSpeedup: s,
            runMs: CAUSAL_RUN_MS * SPEEDUPS.length,
            args: spec.runArgs,
            env,
          });
          const result = (() => {
            try {
              return parseWorkloadResult(r.stdout);
            } catch {
              return undefined;
            }
          })();
          const load = otherCores(r, result?.cpuMs);
          expect(r.status, `${site} @${s}%: ${r.stderr}`).toBe(0);
          const busy = busyMachine(await readReport([attemptOut]));
          log(
            `run ${site} @${s}%: exit ${r.status} in ${r.ms} ms, rate under profiler ${result ? r3(result.rate) : '?'}/s, ` +
              `outside load ${r3(load)} cores${busy ? `; the report warns: ${busy}` : ''}`,
          );
          if (kept === undefined || load < kept.load) kept = { file: attemptOut, load, busy };
          if (!(load > MAX_OTHER_CORES) && busy === undefined) break;
        }
        const k = kept as { file: string; busy?: string };
        if (k.busy !== undefined) disturbed.set(site, k.busy);
        fs.appendFileSync(out, fs.readFileSync(k.file));
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
      if (onBusyMachine(criticalSite)) return;
      within(
        rowAt(site, 0.25)?.programSpeedup,
        real.speedup.critical25 as number,
        againstReal(real.speedupSe.critical25, rowAt(site, 0.25)),
        `${criticalSite} @0.25`,
      );
      within(
        rowAt(site, 0.5)?.programSpeedup,
        real.speedup.critical50 as number,
        againstReal(real.speedupSe.critical50, rowAt(site, 0.5)),
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
        if (onBusyMachine(otherSite)) return;
        if (spec.otherOffCritical) {
          within(rowAt(site, 0.25)?.programSpeedup, 0, TOLERANCE, `${otherSite} @0.25`);
          within(rowAt(site, 0.5)?.programSpeedup, 0, TOLERANCE, `${otherSite} @0.5`);
        }
        within(
          rowAt(site, 0.5)?.programSpeedup,
          real.speedup.other50 as number,
          againstReal(real.speedupSe.other50, rowAt(site, 0.5)),
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
        if (onBusyMachine(sites.critical) || onBusyMachine(sites.other)) return;
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

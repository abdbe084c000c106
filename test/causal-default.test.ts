// The default mode, as users run it: `causalprof run -- node <program>` for 30 s, with no
// --fixed-line and no fixed speedups (the adaptive policy and a seed of its own), then
// `causalprof report`. On fork-join and on the pipeline, the critical line must be ranked
// first, and every marked line's slope must be within SLOPE_BOUND of its true slope: the
// line through the origin that fits the real effects of removing 25% and 50% of its work.
//
// SLOPE_BOUND comes from 20 trial runs of each here (2026-12-02 14:07, `node bench/accuracy.js
// --seeds 20 --seconds 30 --policies adaptive --workloads fork-join,pipeline --section
// accuracy-trial`; bench/README.md, "the trial behind the default-mode tests"): the critical
// line was ranked first in 40 of 40 profiles; the largest slope error of a marked line at
// 30 s was, over the 40 (fork-join) and 60 (pipeline) line-runs, median 0.028 / 0.019,
// 95th percentile 0.107 / 0.108, worst 0.110 / 0.155. 0.1 would have failed 2 of 20 runs of
// each (pipeline seeds 13 and 18 missed on every line at once: S2 -0.16 and -0.13, S1 and
// S3 +0.07 to +0.11); 0.2 holds every trial with 0.045 to spare and still fails a profiler
// that calls the critical line 0.8 of its truth or an off-critical one 0.2.
//
// As in the fixed-line tests (helpers/acceptance.ts), a profile the report calls too busy to
// trust (other processes' CPU or the hypervisor's steal above its thresholds) is taken again,
// up to twice; if every attempt was, accuracy is not asserted, the log says so and the
// report's warning is checked. CI once failed here with steal at 0.08 cores throughout
// (S2 0.595 against 0.967; on another run S1 -0.171 against 0.034).
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { busyMachine, REAL_REPS, REAL_RUN_MS } from './helpers/acceptance';
import { findSite, readReport, runCausal } from './helpers/causal-cli';
import { tempDir } from './helpers/profile';
import { r3 } from './helpers/stats';
import { measureRealSpeedups, type RealSpeedups, siteOf, workload } from './helpers/workloads';

const SLOPE_BOUND = 0.2;
const RUN_SECONDS = 30;
const ATTEMPTS = 3;

interface Spec {
  workload: string;
  /** Marked lines, the critical one first. */
  lines: { marker: string; remove: string }[];
}

/** The least-squares line through the origin and the real effects at 25% and 50%. */
function trueSlope(e25: number, e50: number): number {
  return (0.25 * e25 + 0.5 * e50) / (0.25 ** 2 + 0.5 ** 2);
}

function describeDefaultMode(spec: Spec): void {
  const file = workload(spec.workload);
  const state: { real?: RealSpeedups } = {};
  const log = (msg: string) => console.log(`[default ${spec.workload}] ${msg}`);

  describe(`default mode, 30 s: ${spec.workload}`, () => {
    it('real effects of removing 25% and 50% of each marked line', async () => {
      const variants: Record<string, NodeJS.ProcessEnv> = {};
      for (const l of spec.lines) {
        variants[`${l.remove}@0.25`] = { [`REMOVE_${l.remove}`]: '0.25' };
        variants[`${l.remove}@0.5`] = { [`REMOVE_${l.remove}`]: '0.5' };
      }
      state.real = await measureRealSpeedups(file, variants, {
        reps: REAL_REPS,
        runMs: REAL_RUN_MS,
      });
      log(`real effects ${JSON.stringify(state.real.speedup)}`);
    }, 240_000);

    it(`ranks the critical line first and every slope within ${SLOPE_BOUND} of the truth`, async () => {
      expect(state.real, 'real effects not measured').toBeDefined();
      const real = state.real as RealSpeedups;
      let report: Awaited<ReturnType<typeof readReport>> | undefined;
      let busy: string | undefined;
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const out = path.join(tempDir('causalprof-default-'), 'p.coz');
        const r = await runCausal(file, { out, runMs: RUN_SECONDS * 1000 });
        expect(r.status, r.stderr).toBe(0);
        report = await readReport([out]);
        busy = busyMachine(report);
        log(
          `attempt ${attempt + 1}: machine ${JSON.stringify(report.machine)}; warnings: ${report.warnings.join(' | ') || 'none'}`,
        );
        if (busy === undefined) break;
      }
      if (report === undefined) throw new Error('no profile was taken');
      const sites = spec.lines.map((l) => {
        const name = siteOf(file, l.marker);
        const truth = trueSlope(
          real.speedup[`${l.remove}@0.25`] as number,
          real.speedup[`${l.remove}@0.5`] as number,
        );
        return { name, truth, site: findSite(report, name) };
      });
      for (const s of sites) {
        log(
          `${s.name}: slope ${r3(s.site?.slope)} [${r3(s.site?.slopeLow as number)}, ${r3(s.site?.slopeHigh as number)}] vs true ${r3(s.truth)} (${s.site?.experiments} experiments)`,
        );
      }
      if (busy !== undefined) {
        log(`accuracy not asserted: the machine was busy in all ${ATTEMPTS} attempts (${busy})`);
        return;
      }
      const critical = sites[0] as (typeof sites)[number];
      expect(critical.site, `${critical.name} in the report`).toBeDefined();
      const index = report.sites.indexOf(critical.site as (typeof report.sites)[number]);
      expect(
        index,
        `${critical.name} ranked first: ${report.sites.map((s) => s.site).join(', ')}`,
      ).toBe(0);
      for (const s of sites) {
        expect(s.site, `${s.name} in the report`).toBeDefined();
        expect(
          Math.abs((s.site?.slope ?? Number.NaN) - s.truth),
          `${s.name}: slope ${r3(s.site?.slope)} vs true ${r3(s.truth)}`,
        ).toBeLessThanOrEqual(SLOPE_BOUND);
      }
      // Up to three 30 s runs on a busy machine.
    }, 200_000);
  });
}

describeDefaultMode({
  workload: 'causal-forkjoin.js',
  lines: [
    { marker: 'LINE-A', remove: 'A' },
    { marker: 'LINE-B', remove: 'B' },
  ],
});
describeDefaultMode({
  workload: 'causal-pipeline.js',
  lines: [
    { marker: 'LINE-S2', remove: 'S2' },
    { marker: 'LINE-S1', remove: 'S1' },
    { marker: 'LINE-S3', remove: 'S3' },
  ],
});

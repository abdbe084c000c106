import { DRIFT_MIN_BASELINES_COUNT, DRIFT_WARN_FRACTION } from './constants';
import { isBaselineSpeedup, pooledNsPerVisit } from './estimate';
import type { Observation } from './observations';

/**
 * Runs in which the program's own speed changed by more than DRIFT_WARN_FRACTION between
 * the first and the second half of its 0% experiments, one warning each. Found in the
 * bench (bench/README.md): the pipeline ground truth sometimes runs 30% faster from ~10 s
 * into a run (14.2 -> 9.7 ms per visit), and those runs are the ones whose every slope
 * missed; a step that large is beyond what the baseline trend follows with a few
 * baselines, so the report says so rather than answer as if nothing happened.
 */
export function driftWarnings(observations: readonly Observation[]): string[] {
  const baselines = new Map<string, Observation[]>();
  for (const o of observations) {
    if (!isBaselineSpeedup(o.speedup)) continue;
    const key = JSON.stringify([o.run, o.progressPoint, o.kind]);
    const list = baselines.get(key) ?? [];
    list.push(o);
    baselines.set(key, list);
  }
  const out: string[] = [];
  for (const [key, list] of baselines) {
    if (list.length < 2 * DRIFT_MIN_BASELINES_COUNT) continue;
    const sorted = [...list].sort((a, b) => a.time - b.time);
    const half = Math.floor(sorted.length / 2);
    const early = pooledNsPerVisit(sorted.slice(0, half));
    const late = pooledNsPerVisit(sorted.slice(half));
    if (early === null || late === null || early <= 0) continue;
    const change = late / early - 1;
    if (Math.abs(change) <= DRIFT_WARN_FRACTION) continue;
    const [run, point] = JSON.parse(key) as [string, string];
    const at = sorted[half]?.time ?? 0;
    out.push(
      `run ${run}: the program's own time per visit of "${point}" changed by ${(100 * change).toFixed(0)}% during the run (${(early / 1e6).toFixed(2)} ms in the 0% experiments before ${at.toFixed(0)} s, ${(late / 1e6).toFixed(2)} ms after): something other than the experiments (JIT, thread placement, the machine) changed its speed, and predictions across such a change are less reliable; warm the program up before profiling, or profile longer`,
    );
  }
  return out;
}

import { type AggregateRow, type SiteAggregate, sumObservations } from './aggregate';
import { isBaselineSpeedup } from './curve';
import type { Observation } from './observations';

/**
 * Where each site's baseline (its 0% row, the reference of every program speedup) comes from.
 *
 * - 'pooled' (the default): every experiment at speedup 0 of the progress point, whichever
 *   line it selected, from the runs the site was measured in. A 0% experiment inserts no
 *   delay, so the line it names changes nothing in what it measures: within a run they all
 *   measure the same unperturbed program. Across runs they do not (another process, other
 *   JIT decisions, another moment of the machine), so other runs' baselines are left out.
 *   Pooling gives a line a baseline from its first experiment and a steadier one
 *   (bench/README.md, "Pooled baselines", measures how much sooner answers are right).
 * - 'per-site': only the site's own 0% experiments, as Coz's viewer computes it.
 */
export type BaselineMode = 'pooled' | 'per-site';

export const BASELINE_MODES: readonly BaselineMode[] = ['pooled', 'per-site'];

function pointKey(site: SiteAggregate): string {
  return JSON.stringify([site.progressPoint, site.kind]);
}

function ownBaseline(site: SiteAggregate): AggregateRow | undefined {
  return site.rows.find((row) => isBaselineSpeedup(row.speedup));
}

/** Each site's baseline row under `mode`, or undefined where it has none. */
export function baselineRows(
  sites: readonly SiteAggregate[],
  mode: BaselineMode,
): Map<SiteAggregate, AggregateRow | undefined> {
  const result = new Map<SiteAggregate, AggregateRow | undefined>();
  if (mode === 'per-site') {
    for (const site of sites) result.set(site, ownBaseline(site));
    return result;
  }
  // Every 0% measurement, by progress point.
  const zeros = new Map<string, Observation[]>();
  for (const site of sites) {
    const row = ownBaseline(site);
    if (row === undefined) continue;
    const key = pointKey(site);
    const pooled = zeros.get(key) ?? [];
    pooled.push(...row.observations);
    zeros.set(key, pooled);
  }
  for (const site of sites) {
    const runs = new Set(site.observations.map((o) => o.run));
    const pooled = (zeros.get(pointKey(site)) ?? []).filter((o) => runs.has(o.run));
    result.set(site, pooled.length > 0 ? sumObservations(0, pooled) : undefined);
  }
  return result;
}

/**
 * The site's rows with `baseline` as its 0% row (replacing its own, or first if it had
 * none), so tables and fits read one baseline whatever the mode.
 */
export function withBaseline(
  site: SiteAggregate,
  baseline: AggregateRow | undefined,
): SiteAggregate {
  const others = site.rows.filter((row) => !isBaselineSpeedup(row.speedup));
  return { ...site, rows: baseline === undefined ? others : [baseline, ...others] };
}

import type { Profile } from '../profile/records';
import { driftWarnings } from './drift';
import { ReportError } from './errors';
import { estimateSites, isBaselineSpeedup, pooledNsPerVisit, type SiteEstimate } from './estimate';
import { machineLoad, machineWarnings } from './machine';
import type { Observation } from './observations';
import { collectObservations } from './observations';
import { rankSites } from './rank';
import { summarizePoints, summarizeRuns } from './runs';
import { sampleShares } from './samples';
import { conventionalShare, scaledSamples } from './scaled';
import { assessSettled } from './settled';
import { siteKind } from './site-kind';
import { assessEvidence, assessTrust } from './trust';
import type { BaselineMode, Report, ReportOptions, RowReport, SiteReport } from './types';

export const BASELINE_MODES: readonly BaselineMode[] = ['trend', 'pooled', 'per-site'];

/** Area under the curve (trapezoid rule) over the range of line speedups it spans. */
function impactOf(points: readonly { x: number; y: number }[]): number | null {
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined || last.x <= first.x) return null;
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as { x: number; y: number };
    const b = points[i] as { x: number; y: number };
    area += ((a.y + b.y) / 2) * (b.x - a.x);
  }
  return area / (last.x - first.x);
}

function siteReport(
  e: SiteEstimate,
  shares: ReadonlyMap<string, number>,
  runSeconds: number,
): SiteReport {
  const share = conventionalShare(
    e.site,
    shares,
    e.own.filter((o) => isBaselineSpeedup(o.speedup)),
  );
  const rows: RowReport[] = e.cells.map((c) => ({
    speedup: c.speedup,
    experiments: c.observations.length,
    nsPerVisit: pooledNsPerVisit(c.observations),
    programSpeedup: c.effect,
    low: c.low,
    high: c.high,
    scaledSamples: scaledSamples(c.speedup, share),
    used: c.used,
  }));
  const curve = rows
    .filter((r) => r.used)
    .map((r) => ({ x: r.speedup, y: r.programSpeedup as number }));
  if (e.baseline.length > 0) {
    rows.unshift({
      speedup: 0,
      experiments: e.baseline.length,
      nsPerVisit: pooledNsPerVisit(e.baseline),
      programSpeedup: 0,
      low: null,
      high: null,
      scaledSamples: scaledSamples(0, share),
      used: true,
    });
    if (curve.length > 0) curve.unshift({ x: 0, y: 0 });
  }
  const trust = assessTrust(e);
  return {
    site: e.site,
    kind: siteKind(e.site),
    function: e.function ?? null,
    progressPoint: e.progressPoint,
    pointKind: e.kind,
    impact: impactOf(curve),
    slope: e.slope,
    slopeStdErr: e.slopeStdErr,
    slopeLow: e.slopeLow,
    slopeHigh: e.slopeHigh,
    sampleShare: share ?? null,
    experiments: e.own.length,
    trusted: trust.trusted,
    untrustedReasons: trust.reasons,
    evidence: assessEvidence(e, runSeconds),
    rows,
  };
}

/** Seconds of profiled run behind each progress point: its runs' lengths, summed. */
function runSecondsByPoint(observations: readonly Observation[]): Map<string, number> {
  const ends = new Map<string, Map<string, number>>();
  for (const o of observations) {
    const key = JSON.stringify([o.progressPoint, o.kind]);
    const runs = ends.get(key) ?? new Map<string, number>();
    runs.set(o.run, Math.max(runs.get(o.run) ?? 0, o.time + o.wallSeconds / 2));
    ends.set(key, runs);
  }
  const out = new Map<string, number>();
  for (const [key, runs] of ends)
    out.set(
      key,
      [...runs.values()].reduce((a, b) => a + b, 0),
    );
  return out;
}

/**
 * The causal profile of one or more profiles (runs or processes of one program: each run is
 * compared with its own baselines, and their estimates combine). Each site appears once per
 * progress point, unless options.progressPoint names the one to show. Throws ReportError
 * when that point is not in the profiles (listing those that are).
 */
export function buildReport(profiles: readonly Profile[], options: ReportOptions = {}): Report {
  const { progressPoint, baseline = 'trend' } = options;
  const collected = collectObservations(profiles, progressPoint);
  const known = collected.progressPoints;
  if (progressPoint !== undefined && known.length > 0 && !known.includes(progressPoint)) {
    const names = known.map((name) => `"${name}"`).join(', ');
    throw new ReportError(
      `no progress point "${progressPoint}" in the profiles; they have ${names}`,
    );
  }
  const estimates = estimateSites(collected.observations, baseline);
  const shares = sampleShares(profiles);
  const seconds = runSecondsByPoint(collected.observations);
  const sites = rankSites(
    estimates.sites.map((e) =>
      siteReport(e, shares, seconds.get(JSON.stringify([e.progressPoint, e.kind])) ?? 0),
    ),
  );
  const machine = machineLoad(profiles, collected.observations);
  return {
    sources: profiles.map((profile) => profile.source),
    runs: summarizeRuns(profiles),
    points: summarizePoints(collected.observations),
    experimentsRead: collected.experimentsRead,
    progressPoints: progressPoint === undefined ? known : known.filter((n) => n === progressPoint),
    discarded: { ...collected.discarded, noBaseline: estimates.noBaseline },
    baseline,
    sites,
    settled: assessSettled(sites),
    machine,
    warnings: [
      ...profiles.flatMap((profile) => profile.warnings),
      ...machineWarnings(machine),
      ...driftWarnings(collected.observations),
    ],
  };
}

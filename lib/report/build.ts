import type { Profile } from '../profile/records';
import { type AggregateRow, aggregate, type SiteAggregate } from './aggregate';
import { baselineRows, withBaseline } from './baseline';
import { computeCurve } from './curve';
import { ReportError } from './errors';
import { rankSites } from './rank';
import { sampleShares } from './samples';
import { scaledSamples } from './scaled';
import { assessTrust } from './trust';
import type { Report, ReportOptions, SiteReport } from './types';

function siteReport(
  own: SiteAggregate,
  baseline: AggregateRow | undefined,
  share: number | undefined,
): SiteReport {
  const site = withBaseline(own, baseline);
  const curve = computeCurve(site);
  const trust = assessTrust(curve, own.observations.length);
  return {
    site: site.site,
    function: site.function ?? null,
    progressPoint: site.progressPoint,
    kind: site.kind,
    impact: curve.impact,
    slope: curve.slope,
    slopeStdErr: curve.slopeStdErr,
    experiments: site.observations.length,
    trusted: trust.trusted,
    untrustedReasons: trust.reasons,
    rows: curve.rows.map((row, index) => {
      const sums = site.rows[index];
      return { ...row, scaledSamples: sums ? scaledSamples(sums, share) : null };
    }),
  };
}

/**
 * The causal profile of one or more profiles (runs or processes of one program; their
 * experiments are pooled). Each site appears once per progress point, unless
 * options.progressPoint names the one to show. Throws ReportError when that point is not in
 * the profiles (listing those that are).
 */
export function buildReport(profiles: readonly Profile[], options: ReportOptions = {}): Report {
  const { progressPoint, baseline = 'pooled' } = options;
  const aggregation = aggregate(profiles, progressPoint);
  const known = aggregation.progressPoints;
  if (progressPoint !== undefined && known.length > 0 && !known.includes(progressPoint)) {
    const names = known.map((name) => `"${name}"`).join(', ');
    throw new ReportError(
      `no progress point "${progressPoint}" in the profiles; they have ${names}`,
    );
  }
  const shares = sampleShares(profiles);
  // With samples in the profiles, a site none of them fell in has a share of 0, not unknown.
  const shareOf = (site: string) => (shares.size > 0 ? (shares.get(site) ?? 0) : undefined);
  const baselines = baselineRows(aggregation.sites, baseline);
  const sites = aggregation.sites.map((site) =>
    siteReport(site, baselines.get(site), shareOf(site.site)),
  );
  return {
    sources: profiles.map((profile) => profile.source),
    experimentsRead: aggregation.experimentsRead,
    progressPoints: progressPoint === undefined ? known : known.filter((n) => n === progressPoint),
    discarded: aggregation.discarded,
    baseline,
    sites: rankSites(sites),
    warnings: profiles.flatMap((profile) => profile.warnings),
  };
}

import type { SiteReport } from './types';

const IMPACT_TIE = 1e-7;

function byName(a: SiteReport, b: SiteReport): number {
  return (
    a.site.localeCompare(b.site, 'en') ||
    a.progressPoint.localeCompare(b.progressPoint, 'en') ||
    a.pointKind.localeCompare(b.pointKind, 'en')
  );
}

/**
 * Trusted sites first, most impactful first; then untrusted ones, ordered the same way, so
 * a site with too few experiments is never ranked as if it were certain. Sites without an
 * impact come last in their group; names break ties, so the order is the same every run.
 */
export function compareSites(a: SiteReport, b: SiteReport): number {
  if (a.trusted !== b.trusted) return a.trusted ? -1 : 1;
  if (a.impact !== b.impact) {
    if (a.impact === null) return 1;
    if (b.impact === null) return -1;
    // Equal curves differ by the fit's rounding (~1e-9): names decide, not that noise.
    if (Math.abs(b.impact - a.impact) > IMPACT_TIE) return b.impact - a.impact;
  }
  return byName(a, b);
}

export function rankSites(sites: readonly SiteReport[]): SiteReport[] {
  return [...sites].sort(compareSites);
}

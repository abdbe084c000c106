import {
  MAX_RANKED_SLOPE_HALF_WIDTH,
  MIN_EXPERIMENTS_COUNT,
  MIN_NONZERO_SPEEDUPS_COUNT,
  SETTLED_SLOPE_HALF_WIDTH,
  SLOPE_MAX_SPEEDUP_FRACTION,
} from './constants';

const SLOPE_MAX_SPEEDUP_PERCENT = Math.round(SLOPE_MAX_SPEEDUP_FRACTION * 100);

import type { SiteEstimate } from './estimate';
import type { Evidence } from './types';

export interface Trust {
  trusted: boolean;
  /** One short phrase per shortfall, e.g. "no baseline at 0%". */
  reasons: string[];
}

function halfWidthOf(site: SiteEstimate): number | null {
  return site.slopeLow === null || site.slopeHigh === null
    ? null
    : (site.slopeHigh - site.slopeLow) / 2;
}

/**
 * Whether a site's curve rests on enough to be ranked among the others: enough experiments
 * of its own (a shared baseline's do not count), a baseline, two usable speedups, and a
 * slope known to within +/- MAX_RANKED_SLOPE_HALF_WIDTH. Untrusted sites are still shown,
 * after all trusted ones, with the reasons.
 */
export function assessTrust(site: SiteEstimate): Trust {
  const reasons: string[] = [];
  const experiments = site.own.length;
  if (experiments < MIN_EXPERIMENTS_COUNT) {
    reasons.push(`too few experiments: ${experiments} of ${MIN_EXPERIMENTS_COUNT} needed`);
  }
  if (site.baseline.length === 0) reasons.push('no baseline at 0%');
  const used = site.cells.filter((c) => c.used).length;
  if (used < MIN_NONZERO_SPEEDUPS_COUNT) {
    reasons.push(`${used} usable non-zero speedups of ${MIN_NONZERO_SPEEDUPS_COUNT} needed`);
  }
  const halfWidth = halfWidthOf(site);
  if (halfWidth === null && used >= MIN_NONZERO_SPEEDUPS_COUNT) {
    reasons.push(`no slope interval: no usable speedup up to ${SLOPE_MAX_SPEEDUP_PERCENT}%`);
  } else if (halfWidth !== null && halfWidth > MAX_RANKED_SLOPE_HALF_WIDTH) {
    reasons.push(
      `slope known only to ±${halfWidth.toFixed(2)} (±${MAX_RANKED_SLOPE_HALF_WIDTH} needed)`,
    );
  }
  return { trusted: reasons.length === 0, reasons };
}

/**
 * How settled a site's answer is, and roughly what would settle it: an interval narrows as
 * one over the square root of its experiments, so (width / target)^2 times as many; the time
 * that takes is at the rate this site was tried (`sitesPerSecond`: its experiments over the
 * seconds of profiled run).
 */
export function assessEvidence(site: SiteEstimate, runSeconds: number): Evidence {
  const halfWidth = halfWidthOf(site);
  if (halfWidth === null) {
    return { settled: false, halfWidth: null, moreExperiments: null, moreSeconds: null };
  }
  const settled = halfWidth <= SETTLED_SLOPE_HALF_WIDTH;
  const tried = site.own.length;
  const needed = settled ? 0 : Math.ceil(tried * ((halfWidth / SETTLED_SLOPE_HALF_WIDTH) ** 2 - 1));
  const rate = runSeconds > 0 ? tried / runSeconds : 0;
  return {
    settled,
    halfWidth,
    moreExperiments: needed,
    moreSeconds: rate > 0 ? needed / rate : null,
  };
}

import {
  NO_EFFECT_SLOPE,
  ORDER_CLEAR_STDERRS,
  SETTLED_LEADING_SITES_COUNT,
  SETTLED_UNRANKED_SHARE_FRACTION,
} from './constants';
import { fixed, plural } from './format';
import type { Settled, SiteReport } from './types';

function interval(site: SiteReport): string {
  return `${fixed(site.slope, 2)} [${fixed(site.slopeLow, 2)}, ${fixed(site.slopeHigh, 2)}]`;
}

/** Shown to have no effect: the whole slope interval within +/- NO_EFFECT_SLOPE of zero. */
function noEffect(site: SiteReport): boolean {
  return (
    site.slopeLow !== null &&
    site.slopeHigh !== null &&
    site.slopeLow >= -NO_EFFECT_SLOPE &&
    site.slopeHigh <= NO_EFFECT_SLOPE
  );
}

/**
 * Whether a's slope is clearly above b's: by more than ORDER_CLEAR_STDERRS standard errors
 * of the difference. Stricter than non-overlapping 95% intervals, because `run --until`
 * looks again every second, and each look is another chance for two equal lines to part by
 * luck.
 */
function orderClear(a: SiteReport, b: SiteReport): boolean {
  if (a.slope === null || b.slope === null || a.slopeStdErr === null || b.slopeStdErr === null) {
    return false;
  }
  const se = Math.sqrt(a.slopeStdErr ** 2 + b.slopeStdErr ** 2);
  return a.slope - b.slope > ORDER_CLEAR_STDERRS * se;
}

function more(site: SiteReport): string {
  const { moreExperiments, moreSeconds } = site.evidence;
  if (moreExperiments === null) return 'it needs more experiments';
  const time = moreSeconds === null ? '' : ` (about ${Math.ceil(moreSeconds)} s more)`;
  return `about ${plural(moreExperiments, 'more experiment')} on it${time} would narrow it to ±0.10`;
}

function settlePoint(sites: readonly SiteReport[]): string | undefined {
  const ranked = sites
    .filter((s) => s.trusted)
    .sort((a, b) => (b.slope ?? Number.NEGATIVE_INFINITY) - (a.slope ?? Number.NEGATIVE_INFINITY));
  if (ranked.length === 0) {
    const tried = sites[0];
    return tried === undefined
      ? 'no line has been measured'
      : `no line has enough experiments to rank yet (${tried.site}: ${tried.untrustedReasons.join('; ')})`;
  }
  const hot = sites.find(
    (s) => !s.trusted && (s.sampleShare ?? 0) >= SETTLED_UNRANKED_SHARE_FRACTION,
  );
  if (hot !== undefined) {
    const share = Math.round((hot.sampleShare as number) * 100);
    return `${hot.site} has ${share}% of the samples but cannot be ranked yet (${hot.untrustedReasons.join('; ')})`;
  }
  const leading = ranked.filter((s) => !noEffect(s)).slice(0, SETTLED_LEADING_SITES_COUNT);
  for (const site of leading) {
    if (!site.evidence.settled) return `${site.site}'s slope is ${interval(site)}: ${more(site)}`;
  }
  for (let i = 0; i + 1 < leading.length; i++) {
    const a = leading[i] as SiteReport;
    const b = leading[i + 1] as SiteReport;
    if (!orderClear(a, b)) {
      return `${a.site} (${interval(a)}) and ${b.site} (${interval(b)}) are too close to call`;
    }
  }
  return undefined;
}

/**
 * Whether the answer has settled: for each progress point, the leading lines (up to
 * SETTLED_LEADING_SITES_COUNT among those not shown to have no effect) have slopes known to
 * +/- 0.1 and in a clear order (orderClear), and no line with SETTLED_UNRANKED_SHARE_FRACTION
 * of the samples is still unranked. Cooler lines with too few experiments to rank are not
 * waited for: the experiments go where the samples are.
 */
export function assessSettled(sites: readonly SiteReport[]): Settled {
  if (sites.length === 0) return { settled: false, reason: 'no usable experiments yet' };
  const groups = new Map<string, SiteReport[]>();
  for (const site of sites) {
    const key = `${site.progressPoint}\0${site.pointKind}`;
    const list = groups.get(key) ?? [];
    list.push(site);
    groups.set(key, list);
  }
  for (const [key, group] of groups) {
    const problem = settlePoint(group);
    if (problem !== undefined) {
      const point = groups.size > 1 ? ` [${key.split('\0')[0]}]` : '';
      return { settled: false, reason: `not settled${point}: ${problem}` };
    }
  }
  const leaders = [...groups.values()].flatMap((g) => g.filter((s) => s.trusted && !noEffect(s)));
  if (leaders.length === 0) {
    return {
      settled: true,
      reason: 'settled: no line tried has an effect (every slope within ±0.1 of 0)',
    };
  }
  const top = leaders.sort((a, b) => (b.slope ?? 0) - (a.slope ?? 0))[0] as SiteReport;
  return { settled: true, reason: `settled: ${top.site} leads with slope ${interval(top)}` };
}

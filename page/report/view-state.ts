// Which sites the list shows, in what order: pure functions of the filters and the sort the
// user chose, so they can be tested without a browser.
import type { ReportSiteJson } from '../../lib/report/json';
import type { SiteKind } from '../../lib/report/types';

export type SortKey = 'rank' | 'impact' | 'slope' | 'samples' | 'experiments' | 'name';

export const SORT_LABELS: Record<SortKey, string> = {
  rank: 'rank',
  impact: 'impact',
  slope: 'slope',
  samples: 'samples',
  experiments: 'experiments',
  name: 'name',
};

export const KIND_LABELS: Record<SiteKind, string> = {
  own: "the program's code",
  package: 'packages',
  node: "Node's internals",
  native: 'native code',
};

export interface ViewState {
  sort: SortKey;
  /** Largest first, except for name and rank (their natural order first). */
  descending: boolean;
  /** Matched, case-insensitive, against the site and its function. */
  text: string;
  minExperiments: number;
  /** A progress point's name, or '' for all. */
  point: string;
  kinds: Set<SiteKind>;
  trustedOnly: boolean;
}

export function defaultViewState(): ViewState {
  return {
    sort: 'rank',
    descending: false,
    text: '',
    minExperiments: 0,
    point: '',
    kinds: new Set<SiteKind>(['own', 'package', 'node', 'native']),
    trustedOnly: false,
  };
}

/** A site with its place in the report's own ranking (1 = most impact). */
export interface RankedSite {
  rank: number;
  site: ReportSiteJson;
}

function sortValue(entry: RankedSite, key: SortKey): number | string {
  const { site } = entry;
  switch (key) {
    case 'rank':
      return entry.rank;
    case 'impact':
      return site.impact ?? Number.NEGATIVE_INFINITY;
    case 'slope':
      return site.slope ?? Number.NEGATIVE_INFINITY;
    case 'samples':
      return site.sampleShare ?? Number.NEGATIVE_INFINITY;
    case 'experiments':
      return site.experiments;
    case 'name':
      return `${site.site}\0${site.progressPoint}`;
  }
}

export function visibleSites(sites: readonly RankedSite[], state: ViewState): RankedSite[] {
  const text = state.text.trim().toLowerCase();
  const shown = sites.filter(({ site }) => {
    if (!state.kinds.has(site.kind)) return false;
    if (state.point !== '' && site.progressPoint !== state.point) return false;
    if (site.experiments < state.minExperiments) return false;
    if (state.trustedOnly && !site.trusted) return false;
    if (text === '') return true;
    return `${site.site} ${site.function ?? ''}`.toLowerCase().includes(text);
  });
  const sign = state.descending ? -1 : 1;
  return shown.sort((a, b) => {
    const x = sortValue(a, state.sort);
    const y = sortValue(b, state.sort);
    if (x < y) return -sign;
    if (x > y) return sign;
    return a.rank - b.rank;
  });
}

/** The natural direction of a sort when first chosen: biggest first for numbers. */
export function defaultDescending(key: SortKey): boolean {
  return key !== 'rank' && key !== 'name';
}

// One site in the list: what it is, its numbers, its plot (drawn when it scrolls into view),
// the source around its line, and its rows.
import { fixed, percent, plural, speedupPercent } from '../../lib/report/format';
import type { SourceExcerpt } from '../../lib/report/html/page-data';
import type { ReportRowJson, ReportSiteJson } from '../../lib/report/json';
import { h } from '../dom';
import { plotKey } from './plot';
import type { RankedSite } from './view-state';
import { KIND_LABELS } from './view-state';

function interval(low: number | null, high: number | null, asPercent: boolean): string {
  if (low === null || high === null) return '';
  const f = (v: number) => (asPercent ? percent(v, 1, true) : fixed(v, 2));
  return ` [${f(low)}, ${f(high)}]`;
}

function stat(name: string, value: string, title?: string): HTMLElement {
  return h(
    'div',
    { class: `stat stat-${name.replace(/\W+/g, '-')}`, title },
    h('dt', {}, name),
    h('dd', {}, value),
  );
}

function functionLabel(site: ReportSiteJson): string | null {
  if (site.function === null || site.kind === 'native') return null;
  return site.function.endsWith(')') ? site.function : `${site.function}()`;
}

function sourceBlock(excerpt: SourceExcerpt | undefined): HTMLElement {
  if (excerpt === undefined) return h('p', { class: 'source missing' }, 'no source');
  if ('missing' in excerpt)
    return h('p', { class: 'source missing' }, `Source: ${excerpt.missing}`);
  const lines = excerpt.lines.map((text, i) => {
    const number = excerpt.first + i;
    return h(
      'span',
      {
        class: number === excerpt.line ? 'src-line hit' : 'src-line',
        attrs: { 'data-line': String(number) },
      },
      h('span', { class: 'src-no' }, String(number).padStart(5)),
      ` ${text}\n`,
    );
  });
  return h(
    'figure',
    { class: 'source' },
    h('figcaption', {}, excerpt.file),
    h('pre', {}, ...lines),
  );
}

function rowNote(r: ReportRowJson): string {
  if (r.nsPerVisit === null) return 'not measurable';
  if (r.programSpeedup !== null && !r.used) return 'outlier, left out';
  return '';
}

function rowsTable(site: ReportSiteJson): HTMLElement {
  const unit = site.pointKind === 'latency' ? 'latency' : 'time/visit';
  return h(
    'table',
    { class: 'rows' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...[
          'line speedup',
          'experiments',
          unit,
          'program speedup',
          '95% interval',
          'sampling profile',
          '',
        ].map((t) => h('th', {}, t)),
      ),
    ),
    h(
      'tbody',
      {},
      ...site.rows.map((r) =>
        h(
          'tr',
          { class: r.used ? '' : 'unused' },
          h('td', {}, speedupPercent(r.speedup)),
          h('td', {}, String(r.experiments)),
          h('td', {}, r.nsPerVisit === null ? '--' : `${fixed(r.nsPerVisit / 1e6, 3)} ms`),
          h('td', {}, r.speedup === 0 ? 'baseline' : percent(r.programSpeedup, 1, true)),
          h('td', {}, interval(r.low, r.high, true).trim()),
          h('td', {}, percent(r.scaledSamples, 1, true)),
          h('td', {}, rowNote(r)),
        ),
      ),
    ),
  );
}

function verdict(site: ReportSiteJson): HTMLElement {
  if (!site.trusted) {
    return h(
      'p',
      { class: 'verdict untrusted' },
      `Untrusted: ${site.untrustedReasons.join('; ')}.`,
    );
  }
  const { settled, moreExperiments, moreSeconds } = site.evidence;
  if (settled) return h('p', { class: 'verdict settled' }, 'Settled: its slope is known to ±0.1.');
  const more =
    moreExperiments === null
      ? ''
      : ` About ${plural(moreExperiments, 'more experiment')}${moreSeconds === null ? '' : ` (~${Math.ceil(moreSeconds)} s of run)`} would settle it to ±0.1.`;
  return h('p', { class: 'verdict open' }, `Not settled yet.${more}`);
}

export interface SiteCard {
  element: HTMLElement;
  /** Where the plot goes, filled in by the page when the card is first seen. */
  plotTarget: HTMLElement;
}

export function siteCard(
  { rank, site }: RankedSite,
  excerpt: SourceExcerpt | undefined,
  showPoint: boolean,
): SiteCard {
  const plotTarget = h('div', { class: 'plot', attrs: { 'data-plot': 'pending' } });
  const fn = functionLabel(site);
  const direction =
    site.pointKind === 'latency'
      ? `latency of "${site.progressPoint}": up means requests finish sooner`
      : `throughput of "${site.progressPoint}": up means more visits per second`;
  const element = h(
    'article',
    {
      class: `site ${site.trusted ? 'trusted' : 'untrusted'}`,
      attrs: { 'data-site': site.site, 'data-point': site.progressPoint, 'data-kind': site.kind },
    },
    h(
      'header',
      {},
      h('span', { class: 'rank', title: "place in the report's ranking" }, `#${rank}`),
      h('h2', { class: 'site-name' }, site.site),
      fn === null ? null : h('span', { class: 'function' }, fn),
      h('span', { class: `badge kind-${site.kind}` }, KIND_LABELS[site.kind]),
      showPoint || site.pointKind === 'latency'
        ? h(
            'span',
            { class: `badge point-${site.pointKind}` },
            `${site.pointKind}: ${site.progressPoint}`,
          )
        : null,
    ),
    h(
      'dl',
      { class: 'stats' },
      stat('impact', fixed(site.impact, 3), 'area under the curve over the speedups tried'),
      stat(
        'slope',
        `${fixed(site.slope, 2)}${interval(site.slopeLow, site.slopeHigh, false)}`,
        'program speedup per unit of line speedup, with its 95% interval',
      ),
      stat(
        'samples',
        percent(site.sampleShare, 1),
        'share of the samples taken without delays: what a sampling profile shows',
      ),
      stat('experiments', String(site.experiments)),
    ),
    verdict(site),
    h(
      'div',
      { class: 'body' },
      h(
        'div',
        { class: 'plot-box' },
        plotTarget,
        plotKey(site.sampleShare !== null),
        h('p', { class: 'axis-note' }, direction),
      ),
      h('div', { class: 'side' }, sourceBlock(excerpt), rowsTable(site)),
    ),
  );
  return { element, plotTarget };
}

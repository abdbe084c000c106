// The HTML report's page: reads the report the file carries, draws the header, the controls
// and the list of sites, and each site's plot once it scrolls into view (a report can hold
// hundreds of sites; drawing only what is seen keeps it quick to open).
import type uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import type { ReportPageData } from '../../lib/report/html/page-data';
import { addStyle, append, h, readPageData } from '../dom';
import { renderControls } from './controls';
import { renderHeader } from './header';
import { drawPlot } from './plot';
import { siteCard } from './site-card';
import { REPORT_CSS } from './style';
import { defaultViewState, type RankedSite, visibleSites } from './view-state';

const data = readPageData<ReportPageData>();
const { report } = data;
addStyle(uplotCss);
addStyle(REPORT_CSS);

const ranked: RankedSite[] = report.sites.map((site, i) => ({ rank: i + 1, site }));
const showPoint = report.progressPoints.length > 1;
const state = defaultViewState();
const cards = new Map(
  ranked.map((entry) => [entry, siteCard(entry, data.sources[entry.site.site], showPoint)]),
);
const siteOfTarget = new Map([...cards].map(([entry, card]) => [card.plotTarget, entry.site]));
const plots = new Map<HTMLElement, uPlot>();

const plotWidth = (target: HTMLElement) => Math.max(280, Math.floor(target.clientWidth || 480));

const observer = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const target = entry.target as HTMLElement;
      observer.unobserve(target);
      const site = siteOfTarget.get(target);
      if (site === undefined) continue;
      plots.set(target, drawPlot(target, site, plotWidth(target)));
      target.dataset.plot = 'drawn';
      target.dataset.drawnAt = String(Math.round(performance.now())); // for bench/html.js
    }
  },
  { rootMargin: '300px 0px' },
);

const count = h('p', { class: 'count', attrs: { 'aria-live': 'polite' } });
const list = h('section', { class: 'sites' });

function renderList(): void {
  const shown = visibleSites(ranked, state);
  count.textContent = `${shown.length} of ${ranked.length} sites shown`;
  list.replaceChildren(
    ...shown.map((entry) => (cards.get(entry) as { element: HTMLElement }).element),
  );
  if (shown.length === 0) {
    list.append(
      h(
        'p',
        { class: 'empty' },
        ranked.length === 0 ? (report.message ?? 'No sites.') : 'No site matches the filters.',
      ),
    );
  }
  for (const entry of shown) {
    const card = cards.get(entry);
    if (card && card.plotTarget.dataset.plot === 'pending') observer.observe(card.plotTarget);
  }
}

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    for (const [target, plot] of plots)
      plot.setSize({ width: plotWidth(target), height: plot.height });
  }, 150);
});

document.title = document.title || 'causalprof report';
append(
  document.body,
  h(
    'main',
    {},
    renderHeader(data),
    renderControls(state, report.progressPoints, renderList),
    count,
    list,
    h('footer', {}, 'Made by causalprof. Plots drawn with uPlot. This file needs no network.'),
  ),
);
renderList();

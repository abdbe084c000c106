// The sampling profile's page: a flame graph per thread and all threads merged, with search
// and zoom (d3-flame-graph; click a frame to zoom, "reset" to go back).

import flamegraph, { type FlameGraph } from 'd3-flame-graph';
import { select } from 'd3-selection';
import type { FlameNode, FlamePageData } from '../../lib/sampling/flame-data';
import { addStyle, append, h, readPageData } from '../dom';

const data = readPageData<FlamePageData>();
addStyle(`
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2430; }
main { padding: 16px 20px 40px; }
h1 { font-size: 20px; margin: 0 0 4px; }
.meta, .details { color: #5b6675; }
.controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 10px 0; }
.controls button { font: inherit; padding: 2px 10px; }
.details { min-height: 1.5em; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
#chart { width: 100%; }
`);

const totalOf = (node: FlameNode) => node.value;
const views: { label: string; root: FlameNode }[] = [
  { label: `all threads merged (${data.merged.value} samples)`, root: data.merged },
  ...data.threads.map((t) => ({
    label: `${t.name} (thread ${t.id}, ${totalOf(t.root)} samples)`,
    root: t.root,
  })),
];

const chartBox = h('div', { attrs: { id: 'chart' } });
const details = h('div', { class: 'details', attrs: { 'aria-live': 'polite' } });
const thread = h(
  'select',
  { attrs: { 'aria-label': 'thread' } },
  ...views.map((v, i) => h('option', { attrs: { value: String(i) } }, v.label)),
);
const search = h('input', {
  attrs: { type: 'search', placeholder: 'search functions', 'aria-label': 'search' },
});
const reset = h('button', { attrs: { type: 'button' } }, 'reset zoom');

// d3-flame-graph matches with new RegExp(term): a name is searched for as typed, not as a pattern.
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let chart: FlameGraph | undefined;
function draw(): void {
  const view = views[Number(thread.value)] ?? views[0];
  if (view === undefined) return;
  chart?.destroy();
  chartBox.replaceChildren();
  const total = view.root.value;
  chart = flamegraph()
    .width(Math.max(600, chartBox.clientWidth || 1200))
    .cellHeight(18)
    .minFrameSize(1)
    .transitionDuration(250)
    .selfValue(false)
    .setDetailsElement(details)
    .setLabelHandler((d) => {
      const value = d.value ?? d.data.value;
      const share = total > 0 ? ((100 * value) / total).toFixed(1) : '0';
      return `${d.data.name}\n${d.data.file ?? ''}\n${value} samples, ${share}%`;
    });
  select(chartBox).datum(view.root).call(chart);
  if (search.value !== '') chart.search(literal(search.value));
}

thread.addEventListener('change', draw);
search.addEventListener('input', () => {
  if (search.value === '') chart?.clear();
  else chart?.search(literal(search.value));
});
reset.addEventListener('click', () => chart?.resetZoom());

append(
  document.body,
  h(
    'main',
    {},
    h('h1', {}, 'Sampling profile'),
    h(
      'p',
      { class: 'meta' },
      `${data.merged.value} samples over ${(data.durationMs / 1000).toFixed(1)} s from ${data.threads.length} thread(s); ${data.sampler}. Made ${data.generated.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}. Each frame is a function; its width is its share of CPU time, children included. Click to zoom.`,
    ),
    h('div', { class: 'controls' }, thread, search, reset),
    details,
    chartBox,
  ),
);
draw();

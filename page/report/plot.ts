// One site's causal curve: program speedup against line speedup, with the measured points
// and their 95% intervals, the fitted line and its band, and what a sampling profile would
// predict (the scaled-sample column) on the same axes.
import uPlot from 'uplot';
import { percent, speedupPercent } from '../../lib/report/format';
import type { ReportSiteJson } from '../../lib/report/json';
import { h } from '../dom';

export const COLORS = {
  measured: '#1f5fbf',
  leftOut: '#8a8a8a',
  fit: '#1f5fbf',
  band: 'rgba(31, 95, 191, 0.14)',
  conventional: '#c2410c',
};

const HEIGHT = 240;

interface Curve {
  xs: number[];
  measured: (number | null)[];
  leftOut: (number | null)[];
  fit: (number | null)[];
  fitLow: (number | null)[];
  fitHigh: (number | null)[];
  conventional: (number | null)[];
  /** Row intervals to draw as whiskers. */
  whiskers: { x: number; low: number; high: number }[];
}

/** The site's rows and fit on one x grid: every row's speedup, and 0 and 100% for the lines. */
export function curveOf(site: ReportSiteJson): Curve {
  const xs = [...new Set([0, 1, ...site.rows.map((r) => r.speedup)])].sort((a, b) => a - b);
  const rowAt = new Map(site.rows.map((r) => [r.speedup, r]));
  const line = (slope: number | null) => xs.map((x) => (slope === null ? null : slope * x));
  const share = site.sampleShare;
  return {
    xs,
    measured: xs.map((x) => {
      const r = rowAt.get(x);
      return r?.used && r.programSpeedup !== null ? r.programSpeedup : null;
    }),
    leftOut: xs.map((x) => {
      const r = rowAt.get(x);
      return r && !r.used && r.programSpeedup !== null ? r.programSpeedup : null;
    }),
    fit: line(site.slope),
    fitLow: line(site.slopeLow),
    fitHigh: line(site.slopeHigh),
    conventional: line(share),
    whiskers: site.rows.flatMap((r) =>
      r.low !== null && r.high !== null ? [{ x: r.speedup, low: r.low, high: r.high }] : [],
    ),
  };
}

/** A y range that holds every point, whisker and line, and 0, with a little room. */
function yRange(curve: Curve): [number, number] {
  const values = [
    0,
    ...curve.measured,
    ...curve.leftOut,
    ...curve.fitLow,
    ...curve.fitHigh,
    ...curve.fit,
    ...curve.conventional,
    ...curve.whiskers.flatMap((w) => [w.low, w.high]),
  ].filter((v): v is number => v !== null && Number.isFinite(v));
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (high - low < 0.1) {
    const mid = (high + low) / 2;
    low = mid - 0.05;
    high = mid + 0.05;
  }
  const pad = (high - low) * 0.08;
  return [low - pad, high + pad];
}

function drawWhiskers(u: uPlot, curve: Curve): void {
  const { ctx } = u;
  const cap = 4 * uPlot.pxRatio;
  ctx.save();
  ctx.setLineDash([]); // the last series drawn (the sampling profile's) leaves its dash set
  ctx.strokeStyle = COLORS.measured;
  ctx.lineWidth = 1.5 * uPlot.pxRatio;
  ctx.beginPath();
  for (const w of curve.whiskers) {
    const x = u.valToPos(w.x, 'x', true);
    const y1 = u.valToPos(w.low, 'y', true);
    const y2 = u.valToPos(w.high, 'y', true);
    ctx.moveTo(x, y1);
    ctx.lineTo(x, y2);
    ctx.moveTo(x - cap, y1);
    ctx.lineTo(x + cap, y1);
    ctx.moveTo(x - cap, y2);
    ctx.lineTo(x + cap, y2);
  }
  ctx.stroke();
  ctx.restore();
}

const noLine = () => null;

/** What the cursor is over, in words, under the plot. */
function readout(site: ReportSiteJson, x: number): string {
  const row = site.rows.find((r) => Math.abs(r.speedup - x) < 1e-9);
  const parts = [`line ${speedupPercent(x)} faster:`];
  if (row && row.programSpeedup !== null) {
    const interval =
      row.low !== null && row.high !== null
        ? ` [${percent(row.low, 1, true)}, ${percent(row.high, 1, true)}]`
        : '';
    const n = `${row.experiments} experiment${row.experiments === 1 ? '' : 's'}`;
    parts.push(
      `measured ${percent(row.programSpeedup, 1, true)}${interval} (${n}${row.used ? '' : ', left out'});`,
    );
  }
  if (site.slope !== null) parts.push(`fit ${percent(site.slope * x, 1, true)};`);
  if (site.sampleShare !== null)
    parts.push(`sampling profile ${percent(site.sampleShare * x, 1, true)}`);
  return parts.join(' ');
}

/** Draws the plot into `target`; returns it so the page can resize it. */
export function drawPlot(target: HTMLElement, site: ReportSiteJson, width: number): uPlot {
  const curve = curveOf(site);
  const info = h('div', { class: 'readout' }, '\u00a0');
  const pct = (_u: uPlot, values: number[]) => values.map((v) => `${Math.round(v * 100)}%`);
  const options: uPlot.Options = {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: {
      x: { time: false, range: [0, 1] },
      y: { range: yRange(curve) },
    },
    axes: [
      { label: 'line speedup', values: pct, size: 40 },
      { label: 'program speedup', values: pct, size: 56 },
    ],
    series: [
      {},
      {
        label: 'measured',
        stroke: COLORS.measured,
        paths: noLine,
        points: { show: true, size: 8, fill: COLORS.measured, stroke: COLORS.measured },
      },
      {
        label: 'left out',
        stroke: COLORS.leftOut,
        paths: noLine,
        points: { show: true, size: 8, fill: '#fff', stroke: COLORS.leftOut },
      },
      { label: 'fit', stroke: COLORS.fit, width: 2, points: { show: false } },
      { label: 'fit, 95% low', stroke: 'transparent', points: { show: false } },
      { label: 'fit, 95% high', stroke: 'transparent', points: { show: false } },
      {
        label: 'sampling profile predicts',
        stroke: COLORS.conventional,
        width: 2,
        dash: [6, 4],
        points: { show: false },
      },
    ],
    bands: [{ series: [5, 4], fill: COLORS.band }],
    hooks: {
      draw: [(u) => drawWhiskers(u, curve)],
      setCursor: [
        (u) => {
          const i = u.cursor.idx;
          const x = i === null || i === undefined ? undefined : curve.xs[i];
          info.textContent = x === undefined ? '\u00a0' : readout(site, x);
        },
      ],
    },
  };
  const data: uPlot.AlignedData = [
    curve.xs,
    curve.measured,
    curve.leftOut,
    curve.fit,
    curve.fitLow,
    curve.fitHigh,
    curve.conventional,
  ];
  const plot = new uPlot(options, data, target);
  target.appendChild(info);
  return plot;
}

/** The plot's key, as HTML: uPlot's own legend would list the band's edges as series. */
export function plotKey(hasConventional: boolean): HTMLElement {
  const item = (swatch: string, text: string) =>
    h('span', { class: 'key-item' }, h('span', { class: `swatch ${swatch}` }), text);
  return h(
    'div',
    { class: 'key' },
    item('measured', 'measured, with its 95% interval'),
    item('left-out', 'left out of the fit'),
    item('fit', 'fit, with its 95% band'),
    hasConventional ? item('conventional', 'what a sampling profile predicts') : null,
  );
}

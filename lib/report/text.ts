import { MIN_VISITS } from '../profile/usable';
import { MIN_EXPERIMENTS_COUNT, SETTLED_SLOPE_HALF_WIDTH } from './constants';
import { emptyReportMessage } from './empty';
import { fixed, nanoseconds, percent, plural, printable, speedupPercent, UNKNOWN } from './format';
import type { BaselineMode, Report, RowReport, SiteReport } from './types';

/** Site labels are padded to line up up to this width; longer ones just push their line. */
const MAX_LABEL_WIDTH = 60;

const COLUMNS: readonly [string, number][] = [
  ['speedup', 8],
  ['time/visit', 14],
  ['change', 10],
  ['95% interval', 18],
  ['scaled samples', 16],
];

const BASELINE_TEXT: Record<BaselineMode, string> = {
  trend:
    "Each experiment is compared with its run's 0% experiments around the same time (--baseline pooled: over the whole run; per-site: each line's own, as Coz).",
  pooled: 'Each experiment is compared with every 0% experiment of its run, pooled.',
  'per-site': "Each experiment is compared with its line's own 0% experiments, as in Coz's viewer.",
};

function label(site: SiteReport, showPoint: boolean): string {
  const parts = [site.site];
  // A native site's name is its function already ("deflate_slow (node)").
  if (site.function !== null && site.kind !== 'native') {
    parts.push(site.function.endsWith(')') ? site.function : `${site.function}()`);
  }
  if (showPoint) parts.push(`[${site.progressPoint}]`);
  return parts.join('  ');
}

function slopeText(site: SiteReport): string {
  if (site.slopeLow === null || site.slopeHigh === null) return fixed(site.slope, 2);
  return `${fixed(site.slope, 2)} [${fixed(site.slopeLow, 2)}, ${fixed(site.slopeHigh, 2)}]`;
}

function evidenceText(site: SiteReport): string {
  const { settled, moreExperiments, moreSeconds } = site.evidence;
  if (settled || moreExperiments === null) return '';
  const time = moreSeconds === null ? '' : `, ~${Math.ceil(moreSeconds)} s`;
  return `; not settled: ~${plural(moreExperiments, 'more experiment')}${time} for ±${SETTLED_SLOPE_HALF_WIDTH}`;
}

function summary(site: SiteReport): string {
  const experiments = plural(site.experiments, 'experiment');
  // The count reason already gives the number of experiments.
  const reasons =
    site.experiments < MIN_EXPERIMENTS_COUNT
      ? site.untrustedReasons
      : [...site.untrustedReasons, experiments];
  const count = site.trusted
    ? `(${experiments}${evidenceText(site)})`
    : `(untrusted: ${reasons.join('; ')})`;
  return `impact ${fixed(site.impact, 2)}   slope ${slopeText(site)}  ${count}`;
}

/** The change in time per visit (negative: faster), and its interval. */
function change(r: RowReport, isBaseline: boolean): [string, string] {
  if (isBaseline || r.programSpeedup === null) return [UNKNOWN, ''];
  const value = percent(-r.programSpeedup, 1, true);
  if (r.low === null || r.high === null) return [value, ''];
  return [value, `[${fixed(-r.high * 100, 1)}, ${fixed(-r.low * 100, 1)}]`];
}

function row(r: RowReport): string {
  const isBaseline = r.speedup === 0;
  const [value, interval] = change(r, isBaseline);
  const cells = [
    speedupPercent(r.speedup),
    nanoseconds(r.nsPerVisit),
    value,
    interval,
    percent(r.scaledSamples, 1),
  ];
  const text = cells.map((cell, i) => cell.padStart(COLUMNS[i]?.[1] ?? 0)).join('');
  const n = `  ${plural(r.experiments, 'exp.', 'exp.')}`;
  if (r.nsPerVisit === null) return `${text}${n}  (not measurable)`;
  if (r.programSpeedup !== null && !r.used) return `${text}${n}  (outlier, left out of the curve)`;
  return `${text}${n}`;
}

function siteBlock(site: SiteReport, width: number, showPoint: boolean): string[] {
  const header = COLUMNS.map(([name, size]) => name.padStart(size)).join('');
  // The first row at speedup 0 is the baseline the change column is relative to.
  return [
    `${label(site, showPoint).padEnd(width)}  ${summary(site)}`,
    header,
    ...site.rows.map(row),
  ];
}

function heading(report: Report): string[] {
  const points = report.progressPoints.map((name) => `"${name}"`).join(', ');
  const lines = [
    `${plural(report.experimentsRead, 'experiment')} in ${report.sources.join(', ')}; ` +
      `${report.progressPoints.length === 1 ? 'progress point' : 'progress points'} ${points}`,
  ];
  const { nonPositiveDuration, tooFewVisits, noBaseline } = report.discarded;
  const left: string[] = [];
  if (tooFewVisits > 0) left.push(`${tooFewVisits} with fewer than ${MIN_VISITS} visits`);
  if (nonPositiveDuration > 0) {
    left.push(`${nonPositiveDuration} whose duration was not positive (wrapped below zero)`);
  }
  if (noBaseline > 0) left.push(`${noBaseline} in runs with no 0% experiment to compare them with`);
  if (left.length > 0) lines.push(`Measurements left out: ${left.join(', ')}.`);
  lines.push(BASELINE_TEXT[report.baseline]);
  lines.push(
    "Change: time per visit against the baseline (negative is faster, for latency points too); scaled samples: what a sampling profile predicts, the line's share of undelayed samples x its speedup.",
  );
  const verdict = report.settled.reason;
  lines.push(`${verdict.charAt(0).toUpperCase()}${verdict.slice(1)}.`);
  return lines;
}

/** The report as text: ranked sites, each with its table of speedups; safe for a terminal. */
export function renderText(report: Report): string {
  return printable(renderTextRaw(report));
}

function renderTextRaw(report: Report): string {
  const warnings = report.warnings.map((warning) => `warning: ${warning}`);
  const empty = emptyReportMessage(report);
  if (empty !== undefined) return `${[empty, ...warnings].join('\n')}\n`;

  const showPoint = report.progressPoints.length > 1;
  const width = Math.min(
    MAX_LABEL_WIDTH,
    Math.max(...report.sites.map((site) => label(site, showPoint).length)),
  );
  const lines = heading(report);
  let untrustedHeadingDone = false;
  for (const site of report.sites) {
    lines.push('');
    if (!site.trusted && !untrustedHeadingDone) {
      lines.push(
        'Not ranked: too little usable data to trust these (a longer run gives more):',
        '',
      );
      untrustedHeadingDone = true;
    }
    lines.push(...siteBlock(site, width, showPoint));
  }
  if (warnings.length > 0) lines.push('', ...warnings);
  return `${lines.join('\n')}\n`;
}

import { MIN_EXPERIMENTS_COUNT, MIN_VISITS_PER_EXPERIMENT_COUNT } from './constants';
import { isBaselineSpeedup } from './curve';
import { emptyReportMessage } from './empty';
import { fixed, nanoseconds, percent, plural, speedupPercent, UNKNOWN } from './format';
import { siteKind } from './site-kind';
import type { Report, RowReport, SiteReport } from './types';

/** Site labels are padded to line up up to this width; longer ones just push their line. */
const MAX_LABEL_WIDTH = 60;

const COLUMNS: readonly [string, number][] = [
  ['speedup', 8],
  ['time/visit', 14],
  ['change', 10],
  ['scaled samples', 18],
];

function label(site: SiteReport, showPoint: boolean): string {
  const parts = [site.site];
  // A native site's name is its function already ("deflate_slow (node)").
  if (site.function !== null && siteKind(site.site) !== 'native') {
    parts.push(site.function.endsWith(')') ? site.function : `${site.function}()`);
  }
  if (showPoint) parts.push(`[${site.progressPoint}]`);
  return parts.join('  ');
}

function summary(site: SiteReport): string {
  const slope =
    site.slopeStdErr === null
      ? fixed(site.slope, 2)
      : `${fixed(site.slope, 2)} ± ${fixed(site.slopeStdErr, 2)}`;
  const experiments = plural(site.experiments, 'experiment');
  // The count reason already gives the number of experiments.
  const reasons =
    site.experiments < MIN_EXPERIMENTS_COUNT
      ? site.untrustedReasons
      : [...site.untrustedReasons, experiments];
  const count = site.trusted ? `(${experiments})` : `(untrusted: ${reasons.join('; ')})`;
  return `impact ${fixed(site.impact, 2)}   slope ${slope}  ${count}`;
}

function row(r: RowReport, isBaseline: boolean): string {
  const change =
    isBaseline || r.programSpeedup === null ? UNKNOWN : percent(-r.programSpeedup, 1, true);
  const cells = [
    speedupPercent(r.speedup),
    nanoseconds(r.nsPerVisit),
    change,
    percent(r.scaledSamples, 1),
  ];
  const text = cells.map((cell, i) => cell.padStart(COLUMNS[i]?.[1] ?? 0)).join('');
  if (r.nsPerVisit === null) return `${text}  (not measurable)`;
  if (r.programSpeedup !== null && !r.used) return `${text}  (outlier, left out of the curve)`;
  return text;
}

function siteBlock(site: SiteReport, width: number, showPoint: boolean): string[] {
  const header = COLUMNS.map(([name, size]) => name.padStart(size)).join('');
  // The first row at speedup 0 is the baseline the change column is relative to.
  return [
    `${label(site, showPoint).padEnd(width)}  ${summary(site)}`,
    header,
    ...site.rows.map((r) => row(r, isBaselineSpeedup(r.speedup))),
  ];
}

function heading(report: Report): string[] {
  const points = report.progressPoints.map((name) => `"${name}"`).join(', ');
  const lines = [
    `${plural(report.experimentsRead, 'experiment')} in ${report.sources.join(', ')}; ` +
      `${report.progressPoints.length === 1 ? 'progress point' : 'progress points'} ${points}`,
  ];
  const { nonPositiveDuration, tooFewVisits } = report.discarded;
  const left: string[] = [];
  if (tooFewVisits > 0) {
    left.push(`${tooFewVisits} with fewer than ${MIN_VISITS_PER_EXPERIMENT_COUNT} visits`);
  }
  if (nonPositiveDuration > 0) {
    left.push(`${nonPositiveDuration} whose duration was not positive (wrapped below zero)`);
  }
  if (left.length > 0) lines.push(`Measurements left out: ${left.join(', ')}.`);
  lines.push(
    report.baseline === 'pooled'
      ? "Baselines: every 0% experiment, pooled (--baseline per-site: each line's own, as Coz)."
      : "Baselines: each line's own 0% experiments, as in Coz's viewer.",
  );
  return lines;
}

/** The report as text: ranked sites, each with its table of speedups. */
export function renderText(report: Report): string {
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

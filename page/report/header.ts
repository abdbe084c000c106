// The top of the report: what was run, its progress points, and the warnings that matter.
import { fixed, plural } from '../../lib/report/format';
import { reportNotices } from '../../lib/report/html/notices';
import type { ReportPageData } from '../../lib/report/html/page-data';
import type { RunSummary } from '../../lib/report/types';
import { h } from '../dom';

function seconds(value: number | null): string {
  if (value === null) return '--';
  return value < 120 ? `${fixed(value, 1)} s` : `${fixed(value / 60, 1)} min`;
}

function sampler(run: RunSummary): string {
  if (run.sampler === null) return '--';
  return run.intervalUs === null
    ? run.sampler
    : `${run.sampler}, every ${run.intervalUs} µs of CPU`;
}

function table(headings: string[], rows: (string | number)[][], className: string): HTMLElement {
  return h(
    'table',
    { class: className },
    h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', {}, t)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, String(c)))))),
  );
}

function runsTable(runs: readonly RunSummary[]): HTMLElement {
  return table(
    [
      'command',
      'profile',
      'started',
      'length',
      'experiments',
      'JS threads',
      'sampler',
      'Node',
      'cores',
      'seed',
    ],
    runs.map((r) => [
      r.command ?? '(not recorded)',
      r.source,
      r.started === null ? '--' : r.started.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'),
      seconds(r.seconds),
      r.experiments,
      r.threads === null ? '--' : `up to ${r.threads}`,
      sampler(r),
      r.node ?? '--',
      r.cores ?? '--',
      r.seed ?? '--',
    ]),
    'runs',
  );
}

export function renderHeader(data: ReportPageData): HTMLElement {
  const { report } = data;
  const totalSeconds = report.runs.reduce((sum, r) => sum + (r.seconds ?? 0), 0);
  const notices = reportNotices(report);
  const points = report.points.map((p) => [
    p.name,
    p.kind,
    p.experiments,
    p.perSecond === null ? '--' : `${fixed(p.perSecond, p.perSecond < 10 ? 2 : 0)} /s`,
  ]);
  return h(
    'header',
    { class: 'report-header' },
    h('h1', {}, 'Causal profile'),
    h(
      'p',
      { class: 'summary' },
      `${plural(report.experiments, 'experiment')} in ${plural(report.runs.length, 'run')} (${seconds(totalSeconds)} of profiled run), ${plural(report.sites.length, 'site')} measured. Made ${data.generated.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} from ${report.sources.join(', ')}.`,
    ),
    // An answer that has not settled is a warning among the others (notices.ts).
    report.settled.settled ? h('p', { class: 'settled' }, `✔ ${report.settled.reason}`) : null,
    notices.length === 0
      ? null
      : h('ul', { class: 'notices' }, ...notices.map((n) => h('li', { class: n.level }, n.text))),
    h(
      'details',
      { class: 'run-info', attrs: { open: '' } },
      h('summary', {}, 'What was run'),
      runsTable(report.runs),
      points.length === 0
        ? null
        : table(['progress point', 'kind', 'experiments', 'visits'], points, 'points'),
    ),
    h(
      'p',
      { class: 'direction' },
      'Up is better. Each plot shows how much faster the program would be (y) if one line ran faster (x): for a throughput point, how much its visits per second would rise; for a latency point, how much its mean latency would fall. The dashed line is what a sampling profile predicts (the line’s share of samples times its speedup); where they differ, the sampling profile misleads.',
    ),
  );
}

import { emptyReportMessage } from './empty';
import type {
  BaselineMode,
  Discarded,
  MachineLoad,
  PointSummary,
  Report,
  RowReport,
  RunSummary,
  Settled,
  SiteReport,
} from './types';

/** A row as the JSON report gives it: fractions, not percents. */
export type ReportRowJson = RowReport;

/** A site as the JSON report gives it: the report's own plain data. */
export type ReportSiteJson = SiteReport;

/** What `causalprof report --format json` prints. */
export interface ReportJson {
  experiments: number;
  sources: string[];
  runs: RunSummary[];
  progressPoints: string[];
  points: PointSummary[];
  discarded: Discarded;
  baseline: BaselineMode;
  settled: Settled;
  machine: MachineLoad;
  sites: ReportSiteJson[];
  warnings: string[];
  /** Only when there are no sites, saying why. */
  message?: string;
}

export function reportJson(report: Report): ReportJson {
  const message = emptyReportMessage(report);
  return {
    experiments: report.experimentsRead,
    sources: report.sources,
    runs: report.runs.map((run) => ({ ...run })),
    progressPoints: report.progressPoints,
    points: report.points.map((point) => ({ ...point })),
    discarded: report.discarded,
    baseline: report.baseline,
    settled: report.settled,
    machine: report.machine,
    // The report is plain data already (types.ts); copied so later edits cannot leak in.
    sites: report.sites.map((site) => ({ ...site, rows: site.rows.map((row) => ({ ...row })) })),
    warnings: report.warnings,
    ...(message === undefined ? {} : { message }),
  };
}

/**
 * The report as JSON: sites in rank order (untrusted last); every prediction with its 95%
 * interval (low, high).
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(reportJson(report), null, 2)}\n`;
}

import { emptyReportMessage } from './empty';
import type { Report } from './types';

/**
 * The report as JSON: fractions, not percents; sites in rank order (untrusted last).
 * "message" is present only when there are no sites, saying why.
 */
export function renderJson(report: Report): string {
  const message = emptyReportMessage(report);
  const body = {
    experiments: report.experimentsRead,
    sources: report.sources,
    progressPoints: report.progressPoints,
    discarded: report.discarded,
    baseline: report.baseline,
    sites: report.sites.map((site) => ({
      site: site.site,
      function: site.function,
      progressPoint: site.progressPoint,
      kind: site.kind,
      impact: site.impact,
      slope: site.slope,
      slopeStdErr: site.slopeStdErr,
      experiments: site.experiments,
      trusted: site.trusted,
      untrustedReasons: site.untrustedReasons,
      rows: site.rows.map((row) => ({
        speedup: row.speedup,
        experiments: row.experiments,
        nsPerVisit: row.nsPerVisit,
        programSpeedup: row.programSpeedup,
        scaledSamples: row.scaledSamples,
        used: row.used,
      })),
    })),
    warnings: report.warnings,
    ...(message === undefined ? {} : { message }),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

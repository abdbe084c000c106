// `causalprof report --format html`: the JSON report's model, the source around each site,
// and the page's script (page/report/) in one offline file.
import { htmlDocument, pageScript } from '../../html/document';
import { reportJson } from '../json';
import type { Report } from '../types';
import type { ReportPageData } from './page-data';
import { sourceExcerpts } from './source-excerpts';

export function reportPageData(report: Report): ReportPageData {
  return {
    report: reportJson(report),
    sources: sourceExcerpts(report.sites, report.runs, report.sources),
    generated: new Date().toISOString(),
  };
}

export function renderHtml(report: Report): string {
  const command = report.runs.find((r) => r.command !== null)?.command;
  return htmlDocument({
    title: `causalprof: ${command ?? report.sources.join(', ')}`,
    data: reportPageData(report),
    script: pageScript('report'),
  });
}

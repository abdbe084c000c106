// `causalprof report [files...] [--format text|json|html] [-o file]`
import * as fs from 'node:fs';
import { UsageError } from '../config';
import {
  BASELINE_MODES,
  type BaselineMode,
  buildReport,
  REPORT_FORMATS,
  type ReportFormat,
  readProfiles,
  renderReport,
} from '../report';

export interface ReportOptions {
  format?: string;
  output?: string;
  progressPoint?: string;
  baseline: string;
}

function isReportFormat(format: string): format is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(format);
}

function formatFromExtension(output: string | undefined): string {
  if (output?.endsWith('.html') || output?.endsWith('.htm')) return 'html';
  if (output?.endsWith('.json')) return 'json';
  return 'text';
}

function isBaselineMode(mode: string): mode is BaselineMode {
  return (BASELINE_MODES as readonly string[]).includes(mode);
}

export function reportCommand(files: string[], opts: ReportOptions): number {
  const format = opts.format ?? formatFromExtension(opts.output);
  if (!isReportFormat(format)) {
    throw new UsageError(`--format ${format}: unknown format; use 'text', 'json' or 'html'`);
  }
  if (format === 'html' && opts.output === undefined && process.stdout.isTTY) {
    throw new UsageError(
      '--format html: an HTML page is not for the terminal; write it to a file with -o report.html',
    );
  }
  const { baseline } = opts;
  if (!isBaselineMode(baseline)) {
    throw new UsageError(
      `--baseline ${baseline}: unknown mode; use ${BASELINE_MODES.map((m) => `'${m}'`).join(', ')}`,
    );
  }
  const paths = files.length > 0 ? files : ['profile.coz'];
  const report = buildReport(readProfiles(paths), {
    progressPoint: opts.progressPoint,
    baseline,
  });
  const text = renderReport(report, format);
  if (opts.output !== undefined) {
    fs.writeFileSync(opts.output, text);
    if (format === 'html') {
      process.stderr.write(
        `causalprof: wrote ${opts.output}: ${report.sites.length} site(s); open it in a browser (it needs no network)\n`,
      );
    }
  } else process.stdout.write(text);
  return 0;
}

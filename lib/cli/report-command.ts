// `causalprof report [files...] [--format text|json] [-o file]`
import * as fs from 'node:fs';
import { UsageError } from '../config';
import {
  BASELINE_MODES,
  type BaselineMode,
  buildReport,
  readProfiles,
  renderReport,
} from '../report';

export interface ReportOptions {
  format: string;
  output?: string;
  progressPoint?: string;
  baseline: string;
}

function isBaselineMode(mode: string): mode is BaselineMode {
  return (BASELINE_MODES as readonly string[]).includes(mode);
}

export function reportCommand(files: string[], opts: ReportOptions): number {
  if (opts.format !== 'text' && opts.format !== 'json') {
    throw new UsageError(`--format ${opts.format}: unknown format; use 'text' or 'json'`);
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
  const text = renderReport(report, opts.format);
  if (opts.output !== undefined) fs.writeFileSync(opts.output, text);
  else process.stdout.write(text);
  return 0;
}

// `causalprof report [files...] [--format text|json] [-o file]`
import * as fs from 'node:fs';
import { UsageError } from '../config';
import { buildReport, readProfiles, renderReport } from '../report';

export interface ReportOptions {
  format: string;
  output?: string;
  progressPoint?: string;
}

export function reportCommand(files: string[], opts: ReportOptions): number {
  if (opts.format !== 'text' && opts.format !== 'json') {
    throw new UsageError(`--format ${opts.format}: unknown format; use 'text' or 'json'`);
  }
  const paths = files.length > 0 ? files : ['profile.coz'];
  const report = buildReport(readProfiles(paths), { progressPoint: opts.progressPoint });
  const text = renderReport(report, opts.format);
  if (opts.output !== undefined) fs.writeFileSync(opts.output, text);
  else process.stdout.write(text);
  return 0;
}

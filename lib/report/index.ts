import { readProfile } from '../profile/reader';
import type { Profile } from '../profile/records';
import { renderHtml } from './html/render';
import { renderJson } from './json';
import { renderText } from './text';
import type { Report } from './types';

export { BASELINE_MODES, buildReport } from './build';
export { ReportError } from './errors';
export type { ReportJson, ReportRowJson, ReportSiteJson } from './json';
export type * from './types';

export const REPORT_FORMATS = ['text', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Reads profile files (JSON Lines or Coz's tab-separated format); throws ProfileError. */
export function readProfiles(paths: readonly string[]): Profile[] {
  return paths.map((path) => readProfile(path));
}

export function renderReport(report: Report, format: ReportFormat): string {
  if (format === 'html') return renderHtml(report);
  return format === 'json' ? renderJson(report) : renderText(report);
}

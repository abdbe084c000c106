import { readProfile } from '../profile/reader';
import type { Profile } from '../profile/records';
import { renderJson } from './json';
import { renderText } from './text';
import type { Report } from './types';

export { BASELINE_MODES, buildReport } from './build';
export { ReportError } from './errors';
export type { ReportJson, ReportRowJson, ReportSiteJson } from './json';
export type * from './types';

export type ReportFormat = 'text' | 'json';

/** Reads profile files (JSON Lines or Coz's tab-separated format); throws ProfileError. */
export function readProfiles(paths: readonly string[]): Profile[] {
  return paths.map((path) => readProfile(path));
}

export function renderReport(report: Report, format: ReportFormat): string {
  return format === 'json' ? renderJson(report) : renderText(report);
}

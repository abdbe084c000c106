// The warnings the HTML report's header shows, from the JSON model: what reading and the
// machine reported, and what makes this answer weak (too few experiments, no baseline, not
// settled). Pure, so the page's code and tests share it.
import { MIN_EXPERIMENTS_COUNT } from '../constants';
import type { ReportJson } from '../json';

export interface Notice {
  /** 'warning': the answer may be wrong; 'note': it is weaker than it could be. */
  level: 'warning' | 'note';
  text: string;
}

export function reportNotices(report: ReportJson): Notice[] {
  const out: Notice[] = report.warnings.map((text) => ({ level: 'warning' as const, text }));
  if (report.message !== undefined) out.push({ level: 'warning', text: report.message });
  const { noBaseline, tooFewVisits, nonPositiveDuration } = report.discarded;
  if (noBaseline > 0) {
    out.push({
      level: 'warning',
      text: `${noBaseline} measurement(s) had no 0% experiment in their run to compare with and were left out: a run too short for a baseline, or --fixed-speedups without 0.`,
    });
  }
  if (tooFewVisits + nonPositiveDuration > 0) {
    out.push({
      level: 'note',
      text: `${tooFewVisits + nonPositiveDuration} measurement(s) were left out: too few visits to their progress point (${tooFewVisits}) or more delay than time (${nonPositiveDuration}).`,
    });
  }
  const few = report.sites.filter((s) => s.experiments < MIN_EXPERIMENTS_COUNT).length;
  if (report.sites.length > 0 && few > 0) {
    out.push({
      level: 'note',
      text: `${few} of ${report.sites.length} sites have fewer than ${MIN_EXPERIMENTS_COUNT} experiments: too few to trust; a longer run gives them more.`,
    });
  }
  if (report.sites.length > 0 && !report.settled.settled) {
    const { reason } = report.settled;
    out.push({ level: 'warning', text: `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.` });
  }
  return out;
}

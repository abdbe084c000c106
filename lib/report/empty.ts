import { MIN_VISITS } from '../profile/usable';
import { plural } from './format';
import type { Report } from './types';

/**
 * What to say instead of an empty table: why there is nothing to show and what to do.
 * Undefined when the report has sites.
 */
export function emptyReportMessage(report: Report): string | undefined {
  if (report.sites.length > 0) return undefined;
  const where = report.sources.length > 0 ? report.sources.join(', ') : 'the profile';
  if (report.experimentsRead === 0) {
    return [
      `No experiments in ${where}.`,
      'This usually means no progress point was reached: experiments only start once the',
      "program reaches one. Add progress('name') from 'causalprof' where a unit of work",
      'completes (a request answered, a job done), and run long enough to reach it many times.',
    ].join('\n');
  }
  const { nonPositiveDuration, tooFewVisits } = report.discarded;
  const reasons: string[] = [];
  if (tooFewVisits > 0) {
    reasons.push(
      `${plural(tooFewVisits, 'measurement')} reached the progress point fewer than ` +
        `${MIN_VISITS} times`,
    );
  }
  if (nonPositiveDuration > 0) {
    reasons.push(`${plural(nonPositiveDuration, 'measurement')} had a duration of zero or less`);
  }
  if (reasons.length === 0) reasons.push('none of them measured a progress point');
  return [
    `${plural(report.experimentsRead, 'experiment')} in ${where}, but none could be used: ` +
      `${reasons.join('; ')}.`,
    'Reach the progress point more often (put it where smaller units of work complete), or',
    'run the program for longer.',
  ].join('\n');
}

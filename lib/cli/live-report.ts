// The causal report of a run while it runs, from the profile the driver appends to: what the
// status line shows and what `run --until confident` waits for. It is the report `causalprof
// report` would print for this run's records so far.
import * as fs from 'node:fs';
import { parseProfile } from '../profile/reader';
import { buildReport, type Report } from '../report';

export class LiveReport {
  /** `offset`: where this run's records start in the (appended) file. */
  constructor(
    private readonly file: string,
    private readonly offset: number,
  ) {}

  /** The report of this run so far, or undefined while it has no experiment. */
  read(): Report | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file).subarray(this.offset).toString('utf8');
    } catch {
      return undefined; // the file appears with the program's start
    }
    text = text.slice(0, text.lastIndexOf('\n') + 1); // a line being written is not read yet
    if (!text.includes('"type":"experiment"')) return undefined;
    try {
      return buildReport([parseProfile(text, this.file)]);
    } catch {
      return undefined; // the next refresh sees the whole file
    }
  }
}

/** The leading lines with their slopes and intervals, for one line of a terminal. */
export function leadingText(report: Report, count: number, width = 36): string {
  const short = (site: string) => (site.length > width ? `…${site.slice(-(width - 1))}` : site);
  const f = (x: number | null) => (x === null ? '?' : x.toFixed(2));
  return report.sites
    .filter((s) => s.slope !== null)
    .slice(0, count)
    .map((s) => {
      const site = short(s.site.replace(/^.*\//, ''));
      return s.slopeLow === null
        ? `${site} ${f(s.slope)}`
        : `${site} ${f(s.slope)} [${f(s.slopeLow)},${f(s.slopeHigh)}]`;
    })
    .join('; ');
}

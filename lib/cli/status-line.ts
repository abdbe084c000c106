// The live status line of `causalprof run` on a terminal: experiments so far, elapsed time,
// the leading lines with their current slopes and 95% intervals, and whether the answer has
// settled. It follows the profile file as the driver appends to it.
import { printable } from '../report/format';
import { LiveReport, leadingText } from './live-report';

const REFRESH_MS = 1000;
const LEADING_LINES = 2;

export class StatusLine {
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();
  private readonly live: LiveReport;

  /** `offset`: where this run's records start in the (appended) file. */
  constructor(file: string, offset: number) {
    this.live = new LiveReport(file, offset);
  }

  start(): void {
    this.timer = setInterval(() => this.render(), REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    process.stderr.write('\r\x1b[K');
  }

  private render(): void {
    const report = this.live.read();
    const s = Math.round((Date.now() - this.started) / 1000);
    const elapsed = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    const columns = process.stderr.columns || 120;
    const text =
      report === undefined
        ? `causalprof: 0 experiments, ${elapsed} elapsed`
        : // The verdict before the lines: a narrow terminal cuts the end of the line.
          [
            `causalprof: ${report.experimentsRead} experiments, ${elapsed}, ${report.settled.settled ? 'settled' : 'not settled'}`,
            leadingText(report, LEADING_LINES),
          ]
            .filter((part) => part !== '')
            .join('; ');
    // Site names are anyone's to choose: no control character of theirs reaches the terminal.
    process.stderr.write(`\r\x1b[K${printable(text).slice(0, columns - 1)}`);
  }
}

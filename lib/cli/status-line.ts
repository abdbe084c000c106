// The live status line of `causalprof run` on a terminal: experiments so far, the line
// being tried, elapsed time. It follows the profile file as the driver appends to it.
import * as fs from 'node:fs';

const REFRESH_MS = 500;

export class StatusLine {
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();
  private experiments = 0;
  private last = '';

  /** `offset`: where this run's records start in the (appended) file. */
  constructor(
    private readonly file: string,
    private offset: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.render(), REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    process.stderr.write('\r\x1b[K');
  }

  private render(): void {
    try {
      const bytes = fs.readFileSync(this.file).subarray(this.offset);
      const text = bytes.toString('utf8');
      this.offset += bytes.lastIndexOf(10) + 1;
      for (const line of text.split('\n')) {
        if (!line.startsWith('{"type":"experiment"')) continue;
        this.experiments++;
        const e = JSON.parse(line) as { selected: string; speedup: number };
        this.last = `${e.selected} +${Math.round(e.speedup * 100)}%`;
      }
    } catch {
      // the file appears with the program's first experiment
    }
    const s = Math.round((Date.now() - this.started) / 1000);
    const elapsed = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    process.stderr.write(
      `\r\x1b[Kcausalprof: ${this.experiments} experiments, last ${this.last || '-'}, ${elapsed} elapsed`,
    );
  }
}

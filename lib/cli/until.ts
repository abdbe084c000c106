// `run --until confident` and `--max-seconds`: stop experimenting once the answer has settled
// (the report's own verdict, lib/report/settled.ts, holding over several experiments in a
// row), or after so many seconds; then stop the program with SIGINT, as a user would, unless
// --keep-running (the program then runs on, sampled, without experiments).

import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { finishedMarker } from '../causal/finish-profile';
import { UsageError } from '../config';
import type { LiveReport } from './live-report';

const CHECK_MS = 1000;
/**
 * How long a program has to end on SIGINT before it is ended with SIGKILL (once the driver
 * has finished the profile): room for a server's graceful shutdown. A second Ctrl-C cuts it.
 */
const SIGINT_GRACE_MS = 10_000;
/** When to say that we are waiting. */
const WAITING_NOTE_MS = 2000;
/** How long, after that, we wait for the driver to finish the profile before killing anyway. */
const FINISH_WAIT_MS = 30_000;
const POLL_MS = 200;
/** The verdict must hold this many checks in a row, across at least this many new experiments. */
const SETTLED_CHECKS = 3;
const SETTLED_OVER_EXPERIMENTS = 3;

export interface UntilOptions {
  confident: boolean;
  maxSeconds: number | undefined;
  keepRunning: boolean;
}

/** No --until and no --max-seconds: the run ends when the program does (or on Ctrl-C). */
export const NO_UNTIL: UntilOptions = {
  confident: false,
  maxSeconds: undefined,
  keepRunning: false,
};

export function parseUntilOptions(opts: {
  until?: string;
  maxSeconds?: string;
  keepRunning?: boolean;
}): UntilOptions | undefined {
  if (opts.until !== undefined && opts.until !== 'confident') {
    throw new UsageError(`--until ${opts.until}: the one condition is 'confident'`);
  }
  let maxSeconds: number | undefined;
  if (opts.maxSeconds !== undefined) {
    maxSeconds = Number(opts.maxSeconds);
    if (!Number.isFinite(maxSeconds) || maxSeconds <= 0 || maxSeconds > 7 * 24 * 3600) {
      throw new UsageError(`--max-seconds ${opts.maxSeconds}: give a number of seconds above 0`);
    }
  }
  if (opts.until === undefined && maxSeconds === undefined) {
    if (opts.keepRunning)
      throw new UsageError('--keep-running needs --until confident or --max-seconds');
    return undefined;
  }
  return {
    confident: opts.until === 'confident',
    maxSeconds,
    keepRunning: opts.keepRunning === true,
  };
}

export class StopController {
  readonly stopFile: string;
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();
  private streak: { checks: number; experiments: number } | undefined;
  /** Why experiments were stopped, once they were. */
  reason: string | undefined;

  constructor(
    private readonly options: UntilOptions,
    private readonly live: LiveReport,
  ) {
    this.stopFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'causalprof-until-')), 'stop');
  }

  /**
   * Checks every second; stops the program once it is time (not with --keep-running). And
   * on Ctrl-C (SIGINT to us: the terminal sends it to the program too), makes sure a busy
   * program still ends, with its profile finished first.
   */
  start(child: ChildProcess): void {
    const onInt = (): void => this.interrupted(child);
    process.on('SIGINT', onInt);
    child.once('exit', () => process.removeListener('SIGINT', onInt));
    if (!this.options.confident && this.options.maxSeconds === undefined) return;
    this.timer = setInterval(() => {
      const why = this.check();
      if (why === undefined) return;
      this.reason = why;
      fs.writeFileSync(this.stopFile, `${why}\n`);
      if (this.timer) clearInterval(this.timer);
      if (!this.options.keepRunning) this.stopProgram(child);
    }, CHECK_MS);
    this.timer.unref();
  }

  /** The user interrupted the run: no more experiments; the program got SIGINT already. */
  private interrupted(child: ChildProcess): void {
    if (this.interruptedByUser || this.reason !== undefined) {
      this.hurry = true; // Ctrl-C again: no more grace
      return;
    }
    this.interruptedByUser = true;
    fs.writeFileSync(this.stopFile, 'interrupted\n');
    this.stopProgram(child, false);
  }

  /** Set once the user interrupted the run (Ctrl-C). */
  interruptedByUser = false;
  private hurry = false;

  /**
   * Stops the program as a user would, with SIGINT. A program whose main thread is busy
   * never runs the handler that would end it (JavaScript signal handlers run on the event
   * loop); once the driver has finished the profile, such a program is ended with SIGKILL.
   */
  stopProgram(child: ChildProcess, sendSigint = true): void {
    if (sendSigint) child.kill('SIGINT');
    const marker = finishedMarker(this.stopFile);
    const since = Date.now();
    let noted = false;
    this.poll = setInterval(() => {
      if (child.exitCode !== null || child.signalCode !== null) {
        clearInterval(this.poll);
        return;
      }
      const waited = Date.now() - since;
      if (waited >= WAITING_NOTE_MS && !noted && !this.hurry) {
        noted = true;
        process.stderr.write(
          `causalprof: the program has not ended ${WAITING_NOTE_MS / 1000} s after SIGINT; it will be ended with SIGKILL ${(SIGINT_GRACE_MS - WAITING_NOTE_MS) / 1000} s from now (Ctrl-C again: now)\n`,
        );
      }
      if (waited < SIGINT_GRACE_MS && !this.hurry) return;
      const finished = fs.existsSync(marker);
      if (!finished && waited < SIGINT_GRACE_MS + FINISH_WAIT_MS) return;
      clearInterval(this.poll);
      this.killedNote = finished
        ? `the program did not end on SIGINT (a busy main thread runs no signal handler), so it was ended with SIGKILL; the profile had been finished`
        : 'the program did not end on SIGINT and the profile was not finished in time; it was ended with SIGKILL, and the last samples are missing from the profile';
      child.kill('SIGKILL');
    }, POLL_MS);
  }

  /** Set once stopProgram had to use SIGKILL, saying why. */
  killedNote: string | undefined;
  private poll: NodeJS.Timeout | undefined;

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.poll) clearInterval(this.poll);
    fs.rmSync(path.dirname(this.stopFile), { recursive: true, force: true });
  }

  private check(): string | undefined {
    const seconds = (Date.now() - this.started) / 1000;
    const { maxSeconds, confident } = this.options;
    if (confident) {
      const report = this.live.read();
      if (report?.settled.settled) {
        const n = report.experimentsRead;
        this.streak ??= { checks: 0, experiments: n };
        this.streak.checks++;
        if (
          this.streak.checks >= SETTLED_CHECKS &&
          n - this.streak.experiments >= SETTLED_OVER_EXPERIMENTS
        ) {
          return `the answer settled after ${Math.round(seconds)} s (${report.settled.reason})`;
        }
      } else {
        this.streak = undefined;
      }
    }
    if (maxSeconds !== undefined && seconds >= maxSeconds) {
      const report = confident ? this.live.read() : undefined;
      const still =
        report && !report.settled.settled
          ? ` before the answer settled (${report.settled.reason})`
          : '';
      return `--max-seconds ${maxSeconds} reached${still}`;
    }
    return undefined;
  }
}

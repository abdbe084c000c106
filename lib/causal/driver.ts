// The experiment loop. It runs in a worker thread of its own, not sampled and never
// delayed, so experiments keep time however busy the program's threads are.
import * as fs from 'node:fs';
import type { NativeAddon } from '../native';
import { MIN_VISITS, usableVisits } from '../profile/usable';
import { formatExperiment } from '../profile/writer';
import { CONTROL, type DriverConfig } from './driver-config';
import { publishStart } from './end-to-end';
import { delayPerPeriodNs, experimentRecord } from './experiment-record';
import { finishedMarker, finishProfile } from './finish-profile';
import { machineFields, machineTimes } from './machine-clock';
import { type Candidate, COOLDOWN_MS, type ExperimentPolicy, makeRandom } from './policy';
import { AdaptivePolicy } from './policy-adaptive';
import { CozPolicy } from './policy-coz';
import { ProgressReader, pointRecords } from './progress-reader';
import { makeScope } from './scope';
import { forEachSiteCount, type NativeSite, SiteNames, samplesBlock, siteKey } from './sites';

/** How often the driver looks at counters during an experiment, for the mean work in flight
 * of latency points; with throughput points only, it just checks for exit this often. */
const POLL_MS = 2;
const IDLE_POLL_MS = 50;
/** Samples records (cumulative per process, as Coz writes them) every this many experiments. */
const SAMPLES_EVERY_EXPERIMENTS = 10;

export class ExperimentDriver {
  private readonly sites: SiteNames;
  private readonly progress: ProgressReader;
  private readonly policy: ExperimentPolicy;
  private readonly random: () => number;
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));
  private readonly startNs: bigint;
  /** Samples per site since the last experiment began (Coz's policy chooses from these). */
  private recent = new Map<string, { site: NativeSite; samples: number }>();
  private turn = 0;
  private experiments = 0;

  constructor(
    private readonly native: NativeAddon,
    private readonly config: DriverConfig,
    private readonly control: Int32Array,
    private readonly endToEnd: SharedArrayBuffer,
  ) {
    this.random = makeRandom(config.seed);
    this.policy = config.policy === 'coz' ? new CozPolicy(this.random) : new AdaptivePolicy();
    this.sites = new SiteNames(native, makeScope(config.scope, config.cwd));
    this.progress = new ProgressReader(native);
    this.startNs = BigInt(config.startNs);
  }

  private sleep(ms: number): void {
    Atomics.wait(this.sleeper, 0, 0, ms);
  }

  /** The program is ending, or the CLI asked for no more experiments (--until, --max-seconds). */
  private stopping(): boolean {
    return Atomics.load(this.control, CONTROL.stopping) !== 0;
  }

  private stopRequested(): boolean {
    return this.config.stopFile !== undefined && fs.existsSync(this.config.stopFile);
  }

  private experimentsWanted(): boolean {
    return !this.stopping() && !this.stopRequested();
  }

  /** The CLI asked for no more experiments: finish the profile before it stops the program. */
  private finishOnStop(): void {
    const { stopFile } = this.config;
    if (stopFile === undefined || !this.config.finishOnStop || this.stopping()) return;
    finishProfile(this.native, this.config, this.control, this.endToEnd);
    fs.writeFileSync(finishedMarker(stopFile), '');
  }

  /** Folds the native per-site counts into the tally since the last experiment began. */
  private collectSamples(): void {
    this.sites.refresh();
    forEachSiteCount(this.native.siteCounts(true), (site, samples) => {
      const key = siteKey(site);
      const r = this.recent.get(key);
      if (r) r.samples += samples;
      else this.recent.set(key, { site, samples });
    });
  }

  private candidates(counts: Iterable<{ site: NativeSite; samples: number }>): Candidate[] {
    return [...counts].map(({ site, samples }) => ({ site, samples, name: this.sites.name(site) }));
  }

  private totals(): Candidate[] {
    const out: { site: NativeSite; samples: number }[] = [];
    forEachSiteCount(this.native.siteCounts(false), (site, samples) => out.push({ site, samples }));
    return this.candidates(out);
  }

  /** The site and speedup of the next experiment: the policy's, unless fixed by the user. */
  private next(): { site: NativeSite; speedup: number } | undefined {
    const recent = this.candidates(this.recent.values());
    const choice = this.policy.choose(recent, this.totals());
    let site = choice?.site;
    if (this.config.fixedLine !== undefined) {
      site = this.sites.matching(
        this.config.fixedLine,
        recent.map((r) => r.site),
      )[0];
      if (site) Atomics.store(this.control, CONTROL.fixedLineFound, 1);
    }
    if (site === undefined) return undefined;
    const fixed = this.config.fixedSpeedups;
    if (fixed !== undefined && fixed.length > 0) {
      return { site, speedup: fixed[this.turn++ % fixed.length] as number };
    }
    return choice && { site, speedup: choice.speedup };
  }

  private write(text: string): void {
    if (!this.stopping()) fs.appendFileSync(this.config.output, text);
  }

  /** Runs experiments until the process exits (the worker is unref'd) or no more are wanted. */
  run(): void {
    while (!this.progress.anyReached()) {
      if (this.stopping()) return;
      if (this.stopRequested()) {
        this.finishOnStop();
        return;
      }
      this.collectSamples();
      this.sleep(10);
    }
    Atomics.store(this.control, CONTROL.progressSeen, 1);
    if (this.config.endToEnd) {
      this.startEndToEnd();
      return;
    }
    while (this.experimentsWanted()) {
      this.collectSamples();
      const next = this.next();
      if (next === undefined) {
        this.sleep(COOLDOWN_MS);
        continue;
      }
      this.recent = new Map();
      this.runOne(next.site, next.speedup);
      this.sleep(COOLDOWN_MS);
    }
    if (this.stopRequested()) this.finishOnStop();
  }

  private startEndToEnd(): void {
    for (;;) {
      if (this.stopping()) return;
      this.collectSamples();
      const next = this.next();
      if (next !== undefined) {
        const { site, speedup } = next;
        const before = this.progress.snapshot();
        const start = process.hrtime.bigint();
        this.native.startExperiment(
          site.fileId,
          site.line,
          site.functionId ?? 0,
          delayPerPeriodNs(speedup, this.config.intervalUs),
        );
        publishStart(this.endToEnd, site, speedup, start, before);
        return;
      }
      this.sleep(COOLDOWN_MS);
    }
  }

  private runOne(site: NativeSite, speedup: number): void {
    const delayNs = delayPerPeriodNs(speedup, this.config.intervalUs);
    const before = this.progress.snapshot();
    const inFlightSum = new Array<number>(before.length).fill(0);
    let polls = 0;
    const machineBefore = machineTimes(this.config.treeRoot);
    const start = process.hrtime.bigint();
    this.native.startExperiment(site.fileId, site.line, site.functionId ?? 0, delayNs);
    const endAt = Date.now() + this.policy.lengthMs();
    // Latency points have ever ended somewhere: follow their work in flight closely.
    const poll = before.some((p) => p.second !== 0) ? POLL_MS : IDLE_POLL_MS;
    while (Date.now() < endAt && !this.stopping()) {
      this.sleep(Math.min(poll, Math.max(0, endAt - Date.now())));
      this.progress.inFlight(before.length).forEach((n, i) => {
        inFlightSum[i] = (inFlightSum[i] ?? 0) + n;
      });
      polls++;
    }
    const counts = this.native.endExperiment();
    const end = process.hrtime.bigint();
    const machineAfter = machineTimes(this.config.treeRoot);
    if (this.stopping()) return; // cut short by exit: not a finished experiment
    const after = this.progress.snapshot();
    const points = pointRecords(
      before,
      after,
      inFlightSum.map((s) => (polls > 0 ? s / polls : 0)),
    );
    const elapsedNs = Number(end - start);
    const experiment = experimentRecord(this.native, this.sites, site, speedup, elapsedNs, counts, {
      start_time: Number(start - this.startNs),
      wall_duration: elapsedNs,
      ...machineFields(machineBefore, machineAfter),
      unpaid_delay: Math.round(counts.unpaidNs),
    });
    const kept = points.length > 0 && Math.min(...points.map(usableVisits)) >= MIN_VISITS;
    this.policy.measured(experiment, points, kept);
    if (!kept) return;
    this.experiments++;
    const samples =
      this.experiments % SAMPLES_EVERY_EXPERIMENTS === 0
        ? samplesBlock(this.native, this.sites, Number(end - this.startNs))
        : '';
    this.write(formatExperiment(experiment, points) + samples);
    Atomics.add(this.control, CONTROL.written, 1);
  }
}

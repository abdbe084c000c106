// The experiment loop. It runs in a worker thread of its own, not sampled and never
// delayed, so experiments keep time however busy the program's threads are.
import * as fs from 'node:fs';
import type { NativeAddon } from '../native';
import type { ExperimentRecord } from '../profile/records';
import { formatExperiment } from '../profile/writer';
import { CONTROL, type DriverConfig } from './driver-config';
import { publishStart } from './end-to-end';
import { chooseSite, chooseSpeedup, makeRandom, nextLengthMs, POLICY } from './policy';
import { leastVisits, ProgressReader, pointRecords } from './progress-reader';
import { makeScope } from './scope';
import {
  forEachSiteCount,
  functionOf,
  type NativeSite,
  SiteNames,
  samplesBlock,
  siteKey,
} from './sites';

/** How often the driver looks at counters during an experiment, for the mean work in flight
 * of latency points; with throughput points only, it just checks for exit this often. */
const POLL_MS = 2;
const IDLE_POLL_MS = 50;
/** Samples records (cumulative per process, as Coz writes them) every this many experiments. */
const SAMPLES_EVERY_EXPERIMENTS = 10;

export class ExperimentDriver {
  private readonly random: () => number;
  private readonly sites: SiteNames;
  private readonly progress: ProgressReader;
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));
  /** Samples per site since the last experiment began (to choose the next). */
  private recent = new Map<string, { site: NativeSite; samples: number }>();
  private lengthMs: number = POLICY.initialLengthMs;
  private turn = 0;
  private experiments = 0;

  constructor(
    private readonly native: NativeAddon,
    private readonly config: DriverConfig,
    private readonly control: Int32Array,
    private readonly endToEnd: SharedArrayBuffer,
  ) {
    this.random = makeRandom(config.seed);
    this.sites = new SiteNames(native, makeScope(config.scope, config.cwd));
    this.progress = new ProgressReader(native);
  }

  private sleep(ms: number): void {
    Atomics.wait(this.sleeper, 0, 0, ms);
  }

  private stopping(): boolean {
    return Atomics.load(this.control, CONTROL.stopping) !== 0;
  }

  /** Folds the native per-site counts into recent and cumulative tallies. */
  private collectSamples(): void {
    this.sites.refresh();
    forEachSiteCount(this.native.siteCounts(true), (site, samples) => {
      const key = siteKey(site);
      const r = this.recent.get(key);
      if (r) r.samples += samples;
      else this.recent.set(key, { site, samples });
    });
  }

  private nextSite(): NativeSite | undefined {
    const recent = [...this.recent.values()];
    if (this.config.fixedLine !== undefined) {
      const match = this.sites.matching(
        this.config.fixedLine,
        recent.map((r) => r.site),
      )[0];
      if (match) Atomics.store(this.control, CONTROL.fixedLineFound, 1);
      return match;
    }
    return chooseSite(recent, this.random);
  }

  private write(text: string): void {
    if (!this.stopping()) fs.appendFileSync(this.config.output, text);
  }

  /** Runs experiments until the process exits (the worker is unref'd). */
  run(): void {
    while (!this.progress.anyReached()) {
      if (this.stopping()) return;
      this.collectSamples();
      this.sleep(10);
    }
    Atomics.store(this.control, CONTROL.progressSeen, 1);
    if (this.config.endToEnd) {
      this.startEndToEnd();
      return;
    }
    while (!this.stopping()) {
      this.collectSamples();
      const site = this.nextSite();
      if (site === undefined) {
        this.sleep(POLICY.cooldownMs);
        continue;
      }
      this.recent = new Map();
      this.runOne(site);
      this.sleep(POLICY.cooldownMs);
    }
  }

  private nextSpeedup(): number {
    const fixed = this.config.fixedSpeedups;
    if (fixed === undefined || fixed.length === 0) return chooseSpeedup(this.random);
    return fixed[this.turn++ % fixed.length] as number;
  }

  private startEndToEnd(): void {
    for (;;) {
      if (this.stopping()) return;
      this.collectSamples();
      const site = this.nextSite();
      if (site !== undefined) {
        const speedup = this.nextSpeedup();
        const before = this.progress.snapshot();
        const start = process.hrtime.bigint();
        this.native.startExperiment(
          site.fileId,
          site.line,
          site.functionId ?? 0,
          Math.round(speedup * this.config.intervalUs * 1000),
        );
        publishStart(this.endToEnd, site, speedup, start, before);
        return;
      }
      this.sleep(POLICY.cooldownMs);
    }
  }

  private runOne(site: NativeSite): void {
    const speedup = this.nextSpeedup();
    const delayNs = Math.round(speedup * this.config.intervalUs * 1000);
    const before = this.progress.snapshot();
    const inFlightSum = new Array<number>(before.length).fill(0);
    let polls = 0;
    const start = process.hrtime.bigint();
    this.native.startExperiment(site.fileId, site.line, site.functionId ?? 0, delayNs);
    const endAt = Date.now() + this.lengthMs;
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
    const elapsedNs = Number(process.hrtime.bigint() - start);
    if (this.stopping()) return; // cut short by exit: not a finished experiment
    const after = this.progress.snapshot();
    const points = pointRecords(
      before,
      after,
      inFlightSum.map((s) => (polls > 0 ? s / polls : 0)),
    );
    const visits = leastVisits(points);
    this.lengthMs = nextLengthMs(this.lengthMs, visits);
    if (visits < POLICY.minVisits) return;
    const experiment: ExperimentRecord = {
      type: 'experiment',
      selected: this.sites.name(site),
      speedup,
      duration: Math.round(elapsedNs - counts.delayNs),
      selected_samples: counts.selectedSamples,
      total_samples: counts.totalSamples,
      ...functionOf(this.native, site),
    };
    this.experiments++;
    const samples =
      this.experiments % SAMPLES_EVERY_EXPERIMENTS === 0
        ? samplesBlock(this.native, this.sites)
        : '';
    this.write(formatExperiment(experiment, points) + samples);
    Atomics.add(this.control, CONTROL.written, 1);
  }
}

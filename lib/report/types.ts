/**
 * What the report is made of: plain data, computed by buildReport, rendered by the text,
 * JSON (and HTML) views. A leaf module: it imports nothing.
 */

/** Throughput points count completed work; latency points count arrivals and departures. */
export type PointKind = 'throughput' | 'latency';

/**
 * What each experiment is compared with (baseline.ts):
 * - 'trend' (the default): the 0% experiments of its own run, through a trend over time, so
 *   each is compared with the program as it ran around the same moment;
 * - 'pooled': every 0% experiment of its run, pooled over the whole run;
 * - 'per-site': only the 0% experiments of its own line, pooled, as Coz's viewer does.
 */
export type BaselineMode = 'trend' | 'pooled' | 'per-site';

/** What kind of code a site is (site-kind.ts). */
export type SiteKind = 'own' | 'node' | 'package' | 'native';

export interface ReportOptions {
  /**
   * Show only this progress point. Without it, a site measured against several progress
   * points appears once per point, each ranked on its own curve.
   */
  progressPoint?: string;
  /** What experiments are compared with; 'trend' by default. */
  baseline?: BaselineMode;
}

/** One line speedup of one site: its experiments, and what they predict. */
export interface RowReport {
  /** Line speedup, a fraction. */
  speedup: number;
  experiments: number;
  /** Measured time per visit in ns, pooled over the row's experiments: the period (throughput) or the mean latency (latency); null if not measurable. */
  nsPerVisit: number | null;
  /** The predicted program speedup: 1 - (time per visit at this speedup / at the baseline); 0 for the baseline row; null if unknown. */
  programSpeedup: number | null;
  /** Its 95% interval; null for the baseline row and where unknown. */
  low: number | null;
  high: number | null;
  /** speedup x the site's share of undelayed samples: what a sampling profile would predict; null if unknown. */
  scaledSamples: number | null;
  /** Whether this row is on the curve (false for unmeasurable rows and absurd outliers). */
  used: boolean;
}

/** How far a site's answer is from settled, and what would settle it. */
export interface Evidence {
  /** The slope's 95% interval is no wider than +/- SETTLED_SLOPE_HALF_WIDTH. */
  settled: boolean;
  /** Half the width of the slope's interval; null when there is none. */
  halfWidth: number | null;
  /** Roughly how many more experiments on this site would settle it (0 when settled); null when unknown. */
  moreExperiments: number | null;
  /** The same in seconds of profiled run; null when unknown. */
  moreSeconds: number | null;
}

/** One site measured against one progress point. */
export interface SiteReport {
  /** "<file>:<line>", or a native function as "<function> (<object>)". */
  site: string;
  kind: SiteKind;
  function: string | null;
  progressPoint: string;
  pointKind: PointKind;
  /** Area under the program-speedup curve divided by the range of line speedups; null if no curve. */
  impact: number | null;
  /** Program speedup per unit of line speedup: a least-squares line through the origin and the rows. */
  slope: number | null;
  slopeStdErr: number | null;
  /** The slope's 95% interval. */
  slopeLow: number | null;
  slopeHigh: number | null;
  /** Its share of the samples taken without delays (what a sampling profile shows); null if unknown. */
  sampleShare: number | null;
  /** Usable experiments that selected this site, against this progress point. */
  experiments: number;
  trusted: boolean;
  /** Why it is not trusted, one phrase each; empty when trusted. */
  untrustedReasons: string[];
  evidence: Evidence;
  /** By speedup, ascending; the first is the baseline (0%) when there is one. */
  rows: RowReport[];
}

/** Measurements (one experiment x one progress point) left out of the report, by reason. */
export interface Discarded {
  /** Coz's duration is unsigned: more delay inserted than time elapsed wraps it. */
  nonPositiveDuration: number;
  /** Fewer visits than MIN_VISITS (lib/profile/usable.ts). */
  tooFewVisits: number;
  /** In a run with no 0% experiment against that progress point to compare them with. */
  noBaseline: number;
}

/** Whether the answer as a whole has settled, and why (settled.ts). */
export interface Settled {
  settled: boolean;
  /** One sentence: what settled, or what has not. */
  reason: string;
}

/** How busy the machine was with other work while experiments ran. */
export interface MachineLoad {
  /** Experiments that recorded it. */
  experiments: number;
  /** The machine's cores, as the profiled process saw them; null where not recorded. */
  cores: number | null;
  /** Mean cores' worth of CPU the process that ran each experiment used meanwhile. */
  programCores: number | null;
  /**
   * Mean cores' worth of CPU the program's other processes used meanwhile (a cluster's
   * sibling workers); 0 for a program of one process, null where not recorded.
   */
  siblingCores: number | null;
  /** Mean cores' worth of CPU used by processes outside the program during experiments. */
  outsideCores: number | null;
  /** Mean cores' worth of CPU time the hypervisor gave to other machines (steal). */
  stealCores: number | null;
}

/** One profiled process, as its profile records it; null where a field was not recorded. */
export interface RunSummary {
  /** The profile it was read from. */
  source: string;
  /** When it started, ISO 8601. */
  started: string | null;
  /** Seconds from its start to the last thing it recorded. */
  seconds: number | null;
  /** Experiment records, usable or not. */
  experiments: number;
  command: string | null;
  cwd: string | null;
  node: string | null;
  /** The timer that took the samples. */
  sampler: string | null;
  intervalUs: number | null;
  cores: number | null;
  seed: number | null;
  /** The most JS threads it sampled at once, where recorded. */
  threads: number | null;
  /** Its process id, where recorded (processes of one program may share a file). */
  pid: number | null;
}

/** A progress point, over the usable experiments of every run. */
export interface PointSummary {
  name: string;
  kind: PointKind;
  experiments: number;
  /** Completed visits (throughput) or arrivals (latency), summed. */
  visits: number;
  /** The same per second of experiment; null when no time was recorded. */
  perSecond: number | null;
}

export interface Report {
  /** The profiles read, as named. */
  sources: string[];
  /** Each profiled process: what ran, for how long, how it was sampled. */
  runs: RunSummary[];
  /** Each progress point shown, and how often it was visited. */
  points: PointSummary[];
  /** Experiment records in the profiles, usable or not. */
  experimentsRead: number;
  /** Progress points shown (all of them, or the one asked for). */
  progressPoints: string[];
  discarded: Discarded;
  baseline: BaselineMode;
  /** Trusted sites by impact, most impactful first, then untrusted ones. */
  sites: SiteReport[];
  settled: Settled;
  machine: MachineLoad;
  /** Problems tolerated while reading, and conditions that make the answer less reliable; one line each. */
  warnings: string[];
}

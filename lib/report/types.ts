/** What the report is made of: plain data, computed by buildReport, rendered by renderReport. */
import type { BaselineMode } from './baseline';

export type { BaselineMode } from './baseline';

/** Throughput points count completed work; latency points count arrivals and departures. */
export type PointKind = 'throughput' | 'latency';

export interface ReportOptions {
  /**
   * Show only this progress point. Without it, a site measured against several progress
   * points appears once per point, each ranked on its own curve.
   */
  progressPoint?: string;
  /** Where each site's 0% row comes from (see baseline.ts); 'pooled' by default. */
  baseline?: BaselineMode;
}

/** One line speedup of one site: the experiments at that speedup, pooled. */
export interface RowReport {
  /** Line speedup, a fraction. */
  speedup: number;
  experiments: number;
  /** Time per visit in ns: the period (throughput) or the mean latency (latency); null if not measurable. */
  nsPerVisit: number | null;
  /** (baseline - this) / baseline for nsPerVisit: the predicted program speedup; null if unknown. */
  programSpeedup: number | null;
  /** speedup x the site's share of samples: what a sampling profile would predict; null if unknown. */
  scaledSamples: number | null;
  /** Whether this row is on the curve (false for unmeasurable rows and absurd outliers). */
  used: boolean;
}

/** One site measured against one progress point. */
export interface SiteReport {
  /** "<file>:<line>". */
  site: string;
  function: string | null;
  progressPoint: string;
  kind: PointKind;
  /** Area under the program-speedup curve divided by the range of line speedups; null if no curve. */
  impact: number | null;
  /** Least-squares slope of program speedup against line speedup, per experiment. */
  slope: number | null;
  /** Standard error of the slope (run-to-run variation); null with fewer than 3 points. */
  slopeStdErr: number | null;
  /** Usable experiments that selected this site, against this progress point. */
  experiments: number;
  trusted: boolean;
  /** Why it is not trusted, one phrase each; empty when trusted. */
  untrustedReasons: string[];
  /** By speedup, ascending. */
  rows: RowReport[];
}

/** Measurements (one experiment x one progress point) left out of the report, by reason. */
export interface Discarded {
  /** Coz's duration is unsigned: more delay inserted than time elapsed wraps it. */
  nonPositiveDuration: number;
  /** Fewer visits than MIN_VISITS_PER_EXPERIMENT_COUNT. */
  tooFewVisits: number;
}

export interface Report {
  /** The profiles read, as named. */
  sources: string[];
  /** Experiment records in the profiles, usable or not. */
  experimentsRead: number;
  /** Progress points shown (all of them, or the one asked for). */
  progressPoints: string[];
  discarded: Discarded;
  /** Where the sites' 0% rows come from. */
  baseline: BaselineMode;
  /** Trusted sites by impact, most impactful first, then untrusted ones. */
  sites: SiteReport[];
  /** Problems tolerated while reading, one line each. */
  warnings: string[];
}

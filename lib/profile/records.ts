/**
 * The records of a profile, one per line of a profile file. Field names are the
 * file's own (Coz's JSON Lines names), so a record serialises as itself.
 */

/** A profiled process started. */
export interface StartupRecord {
  type: 'startup';
  /** Nanoseconds since the epoch. */
  time: number;
  /** Extension: the machine's cores (logical CPUs the process may run on). */
  cores?: number;
  /** Extension: the seed of the run's experiment choices (`run --seed` repeats them). */
  seed?: number;
  /** Extension: the program as started ("node server.js --port 80"), for the report's header. */
  command?: string;
  /** Extension: its working directory, where relative site paths are read from. */
  cwd?: string;
  /** Extension: the Node version that ran it ("v22.12.0"). */
  node?: string;
  /** Extension: which timer took the samples ("perf-task-clock", "posix-cpu-timer"). */
  sampler?: string;
  /** Extension: the sampling interval, microseconds of each thread's CPU time. */
  interval_us?: number;
  /**
   * Extension: the process. Processes of one program (cluster workers, forked children) may
   * append to one file at once, so their records interleave; each process's experiment and
   * runtime records carry its pid too, and the reader groups by it (experiments.ts).
   */
  pid?: number;
}

/** One experiment: a line was virtually sped up for a while. Its progress points follow it. */
export interface ExperimentRecord {
  type: 'experiment';
  /** The sped-up site, "<file>:<line>". */
  selected: string;
  /** Virtual speedup of the selected line, a fraction 0..1. */
  speedup: number;
  /**
   * Virtual duration in ns: elapsed time minus the delay inserted. Coz writes it unsigned, so
   * it can wrap; the reader turns a wrapped value back into the negative number it stands for.
   */
  duration: number;
  /** Samples during the experiment with the selected line anywhere on the stack. */
  selected_samples: number;
  /** Extension: all samples in scope during the experiment (for the scaled-sample column). */
  total_samples?: number;
  /** Extension: name of the function at the selected line. */
  function?: string;
  /** Extension: when it started, ns since its process's startup record (for drift over the run). */
  start_time?: number;
  /** Extension: wall-clock ns it lasted, inserted delays included. */
  wall_duration?: number;
  /** Extension: CPU ns the profiled process used meanwhile, all its threads. */
  program_cpu?: number;
  /**
   * Extension: CPU ns that the program's other processes (its process tree: a cluster's
   * primary and sibling workers) used meanwhile.
   */
  sibling_cpu?: number;
  /**
   * Extension: CPU ns that processes outside the program used meanwhile, summed over the
   * machine's CPUs (before sibling_cpu was recorded, the program's other processes too).
   */
  outside_cpu?: number;
  /** Extension: CPU ns the hypervisor gave to other machines meanwhile (steal), summed over CPUs. */
  steal?: number;
  /** Extension: the most any thread still owed when it ended: delay counted in, never paid (ns). */
  unpaid_delay?: number;
  /** Extension: the process that ran it (StartupRecord.pid). */
  pid?: number;
}

/** Visits to a throughput progress point during the experiment before it. */
export interface ThroughputPointRecord {
  type: 'throughput-point';
  name: string;
  delta: number;
}

/** A latency progress point (a begin and an end counter) during the experiment before it. */
export interface LatencyPointRecord {
  type: 'latency-point';
  name: string;
  arrivals: number;
  departures: number;
  /** Coz's snapshot of "in flight" at the end of the experiment (may be negative). */
  difference: number;
  /** Extension: signed mean number in flight over the experiment; preferred to difference. */
  mean_in_flight?: number;
}

/**
 * Cumulative sample count of one site since the process started (Coz logs them repeatedly):
 * samples whose innermost in-scope frame is the site.
 */
export interface SamplesRecord {
  type: 'samples';
  location: string;
  count: number;
  /**
   * Extension: of the samples taken while no delay was inserted (what a conventional profile
   * sees), those with the site anywhere on the stack; the scaled-sample column's share is
   * this over the runtime record's undelayed_samples.
   */
  undelayed?: number;
}

/** Time since startup, in ns, logged before each block of samples records. */
export interface RuntimeRecord {
  type: 'runtime';
  time: number;
  /** Extension: every sample taken while no delay was inserted, all threads, so far. */
  undelayed_samples?: number;
  /** Extension: the JS threads being sampled at that moment. */
  threads?: number;
  /** Extension: the process (StartupRecord.pid); the samples records after it are its own. */
  pid?: number;
}

/** A profiled process ended (older Coz files only). */
export interface ShutdownRecord {
  type: 'shutdown';
  /** Nanoseconds since the epoch. */
  time: number;
  /** Total samples taken by the process, when written. */
  samples?: number;
}

export type PointRecord = ThroughputPointRecord | LatencyPointRecord;

export type ProfileRecord =
  | StartupRecord
  | ExperimentRecord
  | ThroughputPointRecord
  | LatencyPointRecord
  | SamplesRecord
  | RuntimeRecord
  | ShutdownRecord;

export type RecordType = ProfileRecord['type'];

/** A profile file after reading: its records in file order. */
export interface Profile {
  /** Where it came from (the path as given), used in messages. */
  source: string;
  records: ProfileRecord[];
  /** Problems that were tolerated, e.g. a truncated last line; one line each. */
  warnings: string[];
}

export function isPointRecord(record: ProfileRecord): record is PointRecord {
  return record.type === 'throughput-point' || record.type === 'latency-point';
}

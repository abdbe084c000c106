// What the experiment driver is told by the agent (from the CLI's options).
export interface DriverConfig {
  output: string;
  intervalUs: number;
  /** "file:line" suffix, or undefined to choose lines from samples. */
  fixedLine?: string;
  /** Fractions 0..1 used in turn, or undefined to choose speedups. */
  fixedSpeedups?: number[];
  endToEnd: boolean;
  scope: string[];
  seed: number;
  cwd: string;
}

/** Shared between the agent (main thread) and the driver worker. */
export const CONTROL = {
  /** Set by the main thread at exit: the driver must not start or write anything more. */
  stopping: 0,
  /** Experiments written so far. */
  written: 1,
  /** Set by the driver once any progress point was reached. */
  progressSeen: 2,
  /** Set by the driver when --fixed-line matched a sampled site. */
  fixedLineFound: 3,
  size: 4,
} as const;

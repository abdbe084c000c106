// What the experiment driver is told by the agent (from the CLI's options).
import type { PolicyName } from './policy';

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
  policy: PolicyName;
  cwd: string;
  /** The first process of the program's tree (lib/agent/tree-root.ts). */
  treeRoot: number;
  /** process.hrtime.bigint() when the run's startup record was written, as text. */
  startNs: string;
  /** When this file exists, no more experiments are started (the CLI's --until, --max-seconds). */
  stopFile?: string;
  /**
   * When the stop file appears, also finish the profile (the CLI is about to stop the
   * program); false under --keep-running, where the program runs on and its exit finishes it.
   */
  finishOnStop: boolean;
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
  /** Set by whichever thread wrote the profile's tail (finish-profile.ts). */
  finished: 4,
  size: 5,
} as const;

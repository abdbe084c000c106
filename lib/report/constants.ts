/**
 * Every threshold the report applies, in one place. Units are in the names: COUNT is a
 * number of things, FRACTION a ratio (0.25 = 25%).
 */

/** A site needs this many usable experiments, all speedups together, to be ranked. */
export const MIN_EXPERIMENTS_COUNT = 5;

/** ... and this many distinct non-zero speedups: one point does not make a curve. */
export const MIN_NONZERO_SPEEDUPS_COUNT = 2;

/** ... and a baseline (experiments at speedup 0), the reference of every program speedup. */
export const MIN_BASELINE_EXPERIMENTS_COUNT = 1;

/**
 * A measurement with fewer visits to its progress point is left out: its period is mostly
 * noise, and an experiment cut short by the end of the run lands here. Coz no longer writes
 * such experiments (its ExperimentTargetDelta is 5); older files still contain them.
 */
export const MIN_VISITS_PER_EXPERIMENT_COUNT = 5;

/**
 * Program speedups outside this range are measurement failures, not effects (the range
 * Coz's viewer keeps); they are shown but left out of the impact and the slope.
 */
export const PROGRAM_SPEEDUP_MIN_FRACTION = -1;
export const PROGRAM_SPEEDUP_MAX_FRACTION = 2;

/** Speedups that agree to this resolution are the same speedup (0.35 written as 0.35000001). */
export const SPEEDUP_RESOLUTION_FRACTION = 1e-6;

/**
 * Every threshold the report applies, in one place. Units are in the names: COUNT is a
 * number of things, FRACTION a ratio (0.25 = 25%), S seconds.
 */

/**
 * The slope is fitted to line speedups up to this one: most of what a line can give is
 * there, and a curve that bends further on (the line stops being the bottleneck: a knee)
 * says nothing about small speedups. Impact still covers the whole curve.
 */
export const SLOPE_MAX_SPEEDUP_FRACTION = 0.5;

/** A site needs this many usable experiments, all speedups together, to be ranked. */
export const MIN_EXPERIMENTS_COUNT = 5;

/** ... and this many distinct non-zero speedups: one point does not make a curve. */
export const MIN_NONZERO_SPEEDUPS_COUNT = 2;

/** ... and a slope whose 95% interval is no wider than +/- this: a guess is not a rank. */
export const MAX_RANKED_SLOPE_HALF_WIDTH = 0.25;

/**
 * A site's answer has settled when its slope's 95% interval is no wider than +/- this
 * (program speedup per unit of line speedup: +/- 0.05 at a 50% line speedup).
 */
export const SETTLED_SLOPE_HALF_WIDTH = 0.1;

/** The answer as a whole is settled when this many of the leading sites are, at most. */
export const SETTLED_LEADING_SITES_COUNT = 3;

/**
 * ... and no site with at least this share of the samples taken without delays is still
 * unranked: a line a sampling profile calls hot may lead once measured (the policy tries
 * such lines first, so this waits seconds, not minutes). Cooler lines are not waited for.
 */
export const SETTLED_UNRANKED_SHARE_FRACTION = 0.1;

/**
 * Two leading sites are in a clear order when their slopes differ by more than this many
 * standard errors of the difference: 2.576 x sqrt(2), what two equally precise slopes need
 * for their 99% intervals not to overlap. With equal true slopes one look parts them by luck
 * about 3 times in 10,000.
 */
export const ORDER_CLEAR_STDERRS = 3.64;

/**
 * A site whose slope interval lies within +/- this of zero has no effect to rank: it need
 * not be told apart from its neighbours for the answer to be settled.
 */
export const NO_EFFECT_SLOPE = 0.1;

/**
 * The trend of a run's baseline (model.ts): a knot every this many seconds, but no more
 * knots than one per BASELINES_PER_KNOT_COUNT baselines. Measured in bench/accuracy.js.
 */
export const TREND_KNOT_SPACING_S = 5;
export const BASELINES_PER_KNOT_COUNT = 4;

/**
 * Program speedups outside this range are measurement failures, not effects (the range
 * Coz's viewer keeps); they are shown but left out of the impact and the slope.
 */
export const PROGRAM_SPEEDUP_MIN_FRACTION = -1;
export const PROGRAM_SPEEDUP_MAX_FRACTION = 2;

/** Speedups that agree to this resolution are the same speedup (0.35 written as 0.35000001). */
export const SPEEDUP_RESOLUTION_FRACTION = 1e-6;

/**
 * The machine was too busy to trust the answer when, on average during experiments, other
 * processes used more than this many cores, or the hypervisor took more than this many
 * cores' worth of CPU time (steal): either slows the program by amounts unrelated to the
 * experiments.
 */
export const BUSY_OUTSIDE_CORES = 0.15;
export const BUSY_STEAL_CORES = 0.05;

/**
 * An experiment during which other processes and the hypervisor took c cores' worth of CPU
 * counts 1 / (1 + (c / this)^2) of its visits in the fit (model.ts): a burst does not act on
 * the program in proportion to its size (it depends on which threads it displaces), so the
 * fitted term for it (gamma) corrects only part of it, and the experiments it hit count
 * less. Measured in bench/accuracy.js --burn against the term alone and no correction.
 */
export const DISTURBED_WEIGHT_CORES = 0.15;

/**
 * A run whose 0% experiments ran this much slower or faster in its second half than in its
 * first is warned about (drift.ts): a step in the program's own speed, not a trend.
 */
export const DRIFT_WARN_FRACTION = 0.15;
/** Each half needs this many 0% experiments before drift is judged. */
export const DRIFT_MIN_BASELINES_COUNT = 3;

import {
  MIN_BASELINE_EXPERIMENTS_COUNT,
  MIN_EXPERIMENTS_COUNT,
  MIN_NONZERO_SPEEDUPS_COUNT,
} from './constants';
import { type Curve, isBaselineSpeedup } from './curve';

export interface Trust {
  trusted: boolean;
  /** One short phrase per shortfall, e.g. "no baseline at 0%". */
  reasons: string[];
}

/**
 * Whether a site's curve rests on enough experiments to be ranked among the others.
 * `experiments` counts those that selected the site (a pooled baseline's do not count).
 * Untrusted sites are still shown, after all trusted ones, with the reasons.
 */
export function assessTrust(curve: Curve, experiments: number): Trust {
  const reasons: string[] = [];
  const baselineExperiments = curve.rows
    .filter((row) => isBaselineSpeedup(row.speedup))
    .reduce((sum, row) => sum + row.experiments, 0);
  const nonZeroSpeedups = curve.rows.filter(
    (row) => row.used && !isBaselineSpeedup(row.speedup),
  ).length;

  if (experiments < MIN_EXPERIMENTS_COUNT) {
    reasons.push(`too few experiments: ${experiments} of ${MIN_EXPERIMENTS_COUNT} needed`);
  }
  if (baselineExperiments < MIN_BASELINE_EXPERIMENTS_COUNT) reasons.push('no baseline at 0%');
  else if (curve.baseline === null) reasons.push('baseline not measurable');
  if (nonZeroSpeedups < MIN_NONZERO_SPEEDUPS_COUNT) {
    reasons.push(
      `${nonZeroSpeedups} usable non-zero speedups of ${MIN_NONZERO_SPEEDUPS_COUNT} needed`,
    );
  }
  return { trusted: reasons.length === 0, reasons };
}

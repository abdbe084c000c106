import type { AggregateRow } from './aggregate';

/**
 * The scaled-sample column: speedup x the site's share of samples, the program speedup a
 * sampling profile would predict. The share comes from the row's own experiments
 * (selected_samples / total_samples) when they carry total_samples, else from the site's
 * share of the `samples` records; null when neither is known.
 */
export function scaledSamples(row: AggregateRow, siteShare: number | undefined): number | null {
  if (row.experimentsWithTotals > 0 && row.totalSamples > 0) {
    return row.speedup * (row.selectedSamplesWithTotals / row.totalSamples);
  }
  return siteShare === undefined ? null : row.speedup * siteShare;
}

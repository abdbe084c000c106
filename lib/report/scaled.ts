import type { Observation } from './observations';

/**
 * The share of samples a conventional profile would give a site, for the scaled-sample
 * column (speedup x share): from the profiles' samples records (samples.ts) where they have
 * any; else from the site's own 0% experiments that carry total_samples (no delay was
 * inserted in them: selected / total); undefined when neither is known.
 */
export function conventionalShare(
  site: string,
  shares: ReadonlyMap<string, number>,
  ownBaselines: readonly Observation[],
): number | undefined {
  if (shares.size > 0) return shares.get(site) ?? 0; // sampled profiles: never sampled is 0
  let selected = 0;
  let total = 0;
  for (const o of ownBaselines) {
    if (o.totalSamples === undefined) continue;
    selected += o.selectedSamples;
    total += o.totalSamples;
  }
  return total > 0 ? selected / total : undefined;
}

export function scaledSamples(speedup: number, share: number | undefined): number | null {
  return share === undefined ? null : speedup * share;
}

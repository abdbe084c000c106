// Small statistics the tests share.

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** (max - min) / median: run-to-run spread of a set of rates. */
export function spread(xs: readonly number[]): number {
  return (Math.max(...xs) - Math.min(...xs)) / median(xs);
}

/** Numbers rounded for messages and logs. */
export function r3(x: number | null | undefined): string {
  return x === null || x === undefined || Number.isNaN(x) ? String(x) : x.toFixed(3);
}

export interface Point {
  x: number;
  y: number;
}

export interface Fit {
  slope: number;
  intercept: number;
  /** Standard error of the slope; null with fewer than 3 points (no residual freedom). */
  slopeStdErr: number | null;
}

/** Ordinary least squares of y on x; null without two distinct x values. */
export function leastSquares(points: readonly Point[]): Fit | null {
  const n = points.length;
  if (n < 2) return null;
  let sumX = 0;
  let sumY = 0;
  for (const { x, y } of points) {
    sumX += x;
    sumY += y;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let sxy = 0;
  for (const { x, y } of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  if (n < 3) return { slope, intercept, slopeStdErr: null };
  let residuals = 0;
  for (const { x, y } of points) residuals += (y - intercept - slope * x) ** 2;
  return { slope, intercept, slopeStdErr: Math.sqrt(residuals / (n - 2) / sxx) };
}

/** Area under a curve by the trapezoid rule, over points sorted by x. */
export function trapezoidArea(points: readonly Point[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const previous = points[i - 1] as Point;
    const current = points[i] as Point;
    area += ((previous.y + current.y) / 2) * (current.x - previous.x);
  }
  return area;
}

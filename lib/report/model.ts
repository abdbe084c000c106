/**
 * The measurement model behind every program speedup: for each run, the log of the time per
 * visit of an experiment is the run's baseline at the experiment's time plus the effect of
 * its (site, speedup) cell, plus the slowdown from what else the machine ran meanwhile,
 * plus noise:
 *
 *   y_i = trend_run(t_i) + beta_cell(i) + gamma x_i + e_i,   Var(e_i) = sigma^2 / w_i
 *
 * where trend_run is piecewise linear in time (knots spread over the run, or one constant),
 * beta is 0 for baselines (speedup 0), and w_i is the experiment's visits. x_i is the CPU
 * other processes and the hypervisor took during the experiment (cores' worth, centred on
 * its run's mean), and gamma, one for all runs, how much that slows the program: a burst of
 * steal or a neighbour's job lands on a few experiments, and with a few experiments per cell
 * one of them moves its cell by more than the effect measured (docs/causal-profiling.md,
 * "A busy machine"). A program's speed
 * drifts during a run by as much as the effects measured (warm-up, the machine), so each
 * experiment is compared with the baseline of its own moment rather than with one pooled
 * over the run; cells are shared by runs, so runs of different speeds combine, each against
 * its own baseline. The fit is weighted least squares; the cells' parameters are eliminated
 * (a Schur complement), so a fit costs O(observations) plus a solve the size of the knots.
 */

/** One measurement. */
export interface ModelPoint {
  /** The cell (site x speedup), or -1 for a baseline. */
  cell: number;
  /** Seconds since the run started (any origin: only differences matter). */
  time: number;
  /** log(ns per visit). */
  y: number;
  /** Weight: visits the measurement rests on. */
  w: number;
  /** The disturbance covariate x (0 where unrecorded): cores' worth, centred per run. */
  x?: number;
}

export interface ModelRun {
  points: ModelPoint[];
  /** Knot times of the trend, ascending; one knot is a constant baseline. */
  knots: number[];
}

export interface ModelData {
  cells: number;
  runs: ModelRun[];
}

export interface ModelFit {
  /** Per cell: log ratio of its time per visit to the baseline's; NaN for a cell with no data. */
  beta: Float64Array;
  /** Covariance of two cells' betas (sigma^2-scaled). */
  covariance(a: number, b: number): number;
  /** Residual variance per unit weight, and its degrees of freedom. */
  sigma2: number;
  df: number;
}

/** The trend basis at time t: at most two (knot index, value) pairs. */
export function hatBasis(knots: readonly number[], t: number): [number, number][] {
  const k = knots.length;
  if (k <= 1) return [[0, 1]];
  if (t <= (knots[0] as number)) return [[0, 1]];
  if (t >= (knots[k - 1] as number)) return [[k - 1, 1]];
  let j = 0;
  while (j + 1 < k && t > (knots[j + 1] as number)) j++;
  const left = knots[j] as number;
  const right = knots[j + 1] as number;
  const u = (t - left) / (right - left);
  return [
    [j, 1 - u],
    [j + 1, u],
  ];
}

/** Solves the symmetric positive (semi)definite system m x = r in place of a copy; ridge-stabilised. */
function solveSymmetric(m: Float64Array, r: Float64Array, n: number): Float64Array {
  // Cholesky with a tiny ridge: a knot no measurement reaches makes m singular.
  const a = Float64Array.from(m);
  let trace = 0;
  for (let i = 0; i < n; i++) trace += a[i * n + i] as number;
  const ridge = (trace > 0 ? trace / n : 1) * 1e-10;
  for (let i = 0; i < n; i++) a[i * n + i] = (a[i * n + i] as number) + ridge;
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] as number;
    for (let k = 0; k < j; k++) d -= (a[j * n + k] as number) ** 2;
    d = Math.sqrt(Math.max(d, 1e-300));
    a[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (a[i * n + k] as number) * (a[j * n + k] as number);
      a[i * n + j] = s / d;
    }
  }
  const x = Float64Array.from(r);
  for (let i = 0; i < n; i++) {
    let s = x[i] as number;
    for (let k = 0; k < i; k++) s -= (a[i * n + k] as number) * (x[k] as number);
    x[i] = s / (a[i * n + i] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let k = i + 1; k < n; k++) s -= (a[k * n + i] as number) * (x[k] as number);
    x[i] = s / (a[i * n + i] as number);
  }
  return x;
}

/** The inverse of a small symmetric matrix, column by column. */
function invertSymmetric(m: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = solveSymmetric(m, e, n);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i] as number;
  }
  return inv;
}

/**
 * A point's row of the design outside its cell: its trend basis (shifted to its run's
 * knots) and, when the model has one, the disturbance column.
 */
function rowOf(
  run: ModelRun,
  base: number,
  p: ModelPoint,
  disturbance: number,
): [number, number][] {
  const row = hatBasis(run.knots, p.time).map(([i, v]): [number, number] => [base + i, v]);
  if (disturbance >= 0 && p.x !== undefined && p.x !== 0) row.push([disturbance, p.x]);
  return row;
}

export function fitModel(data: ModelData): ModelFit {
  const offsets: number[] = [];
  let k = 0;
  for (const run of data.runs) {
    offsets.push(k);
    k += Math.max(1, run.knots.length);
  }
  // One more parameter, gamma, when any point carries a disturbance.
  const disturbance = data.runs.some((r) => r.points.some((p) => p.x !== undefined && p.x !== 0))
    ? k++
    : -1;
  const c = data.cells;
  const A = new Float64Array(k * k); // B'WB
  const g = new Float64Array(k); // B'Wy
  const cellW = new Float64Array(c);
  const cellY = new Float64Array(c);
  const cellB = new Float64Array(c * k); // per cell: sum of w B
  let n = 0;
  data.runs.forEach((run, r) => {
    const base = offsets[r] as number;
    for (const p of run.points) {
      n++;
      const basis = rowOf(run, base, p, disturbance);
      for (const [i, va] of basis) {
        g[i] = (g[i] as number) + p.w * va * p.y;
        for (const [j, vb] of basis) {
          A[i * k + j] = (A[i * k + j] as number) + p.w * va * vb;
        }
        if (p.cell >= 0) cellB[p.cell * k + i] = (cellB[p.cell * k + i] as number) + p.w * va;
      }
      if (p.cell >= 0) {
        cellW[p.cell] = (cellW[p.cell] as number) + p.w;
        cellY[p.cell] = (cellY[p.cell] as number) + p.w * p.y;
      }
    }
  });
  // Schur complement: the trend's system once every cell's mean is taken out.
  const M = Float64Array.from(A);
  const rhs = Float64Array.from(g);
  let usedCells = 0;
  for (let cell = 0; cell < c; cell++) {
    const w = cellW[cell] as number;
    if (w <= 0) continue;
    usedCells++;
    const row = cell * k;
    const yc = cellY[cell] as number;
    for (let i = 0; i < k; i++) {
      const bi = cellB[row + i] as number;
      if (bi === 0) continue;
      rhs[i] = (rhs[i] as number) - (bi * yc) / w;
      for (let j = 0; j < k; j++) {
        const bj = cellB[row + j] as number;
        if (bj !== 0) M[i * k + j] = (M[i * k + j] as number) - (bi * bj) / w;
      }
    }
  }
  const a = solveSymmetric(M, rhs, k);
  const beta = new Float64Array(c).fill(Number.NaN);
  for (let cell = 0; cell < c; cell++) {
    const w = cellW[cell] as number;
    if (w <= 0) continue;
    let ba = 0;
    for (let i = 0; i < k; i++) ba += (cellB[cell * k + i] as number) * (a[i] as number);
    beta[cell] = ((cellY[cell] as number) - ba) / w;
  }
  let rss = 0;
  data.runs.forEach((run, r) => {
    const base = offsets[r] as number;
    for (const p of run.points) {
      let fitted = p.cell >= 0 ? (beta[p.cell] as number) : 0;
      for (const [i, v] of rowOf(run, base, p, disturbance)) fitted += v * (a[i] as number);
      rss += p.w * (p.y - fitted) ** 2;
    }
  });
  const df = n - k - usedCells;
  const sigma2 = df > 0 ? rss / df : Number.NaN;
  const Minv = invertSymmetric(M, k);
  const covariance = (x: number, y: number): number => {
    const wx = cellW[x] as number;
    const wy = cellW[y] as number;
    if (!(wx > 0 && wy > 0)) return Number.NaN;
    let q = 0;
    for (let i = 0; i < k; i++) {
      const bi = cellB[x * k + i] as number;
      if (bi === 0) continue;
      for (let j = 0; j < k; j++)
        q += bi * (Minv[i * k + j] as number) * (cellB[y * k + j] as number);
    }
    return sigma2 * ((x === y ? 1 / wx : 0) + q / (wx * wy));
  };
  return { beta, covariance, sigma2, df };
}

/**
 * Knots for a run's trend: one per `spacing` seconds, but no more than one per
 * `baselinesPerKnot` baselines, so each stretch of the trend rests on some of its own; a
 * constant (one knot) when the run is short or has few baselines.
 */
export function trendKnots(
  times: readonly number[],
  baselines: number,
  spacing: number,
  baselinesPerKnot: number,
): number[] {
  if (times.length === 0) return [0];
  const first = Math.min(...times);
  const last = Math.max(...times);
  const byTime = Math.ceil((last - first) / spacing);
  const byData = Math.floor(baselines / baselinesPerKnot);
  const intervals = Math.max(0, Math.min(byTime, byData - 1));
  if (intervals === 0) return [first];
  return Array.from({ length: intervals + 1 }, (_, i) => first + ((last - first) * i) / intervals);
}

/** Student's t quantile for a two-sided interval (level 0.95), by Cornish-Fisher for large df. */
export function tQuantile975(df: number): number {
  if (!(df > 0)) return Number.NaN;
  // Exact values for small df, where the expansion is poor.
  const small = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
  if (df <= 10) return small[Math.max(0, Math.round(df) - 1)] as number;
  const z = 1.959964;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3;
}

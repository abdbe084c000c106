// Shared by the causal-*.js workloads: the options they read from the environment, and a
// meter that measures their own throughput over a steady-state window (after a warm-up).
// Nothing here runs on a workload's marked lines. (The workloads take the progress-point
// API from the package root themselves: require('../..').)
const { performance } = require('node:perf_hooks');

/** Milliseconds since the epoch, sub-millisecond precision, comparable across threads. */
function now() {
  return performance.timeOrigin + performance.now();
}

function envNumber(name, fallback) {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${name}=${v} is not a number`);
  return n;
}

/** The fraction of a line's work to really remove, from REMOVE_<name> (0 <= f < 1). */
function removal(name) {
  const f = envNumber(`REMOVE_${name}`, 0);
  if (f < 0 || f >= 1) throw new Error(`REMOVE_${name}=${f} must be in [0, 1)`);
  return f;
}

/**
 * Counts units of work completed between the first unit after `warmupMs` and the first
 * unit at or after `runMs` (both from `t0`); rate = units / window, per second.
 */
class Meter {
  constructor(t0, warmupMs = envNumber('WARMUP_MS', 300), runMs = envNumber('RUN_MS', 3000)) {
    this.startAt = t0 + warmupMs;
    this.endAt = t0 + runMs;
    this.first = undefined;
    this.last = undefined;
    this.units = 0;
  }

  /** Call when a unit completes; true when the run is over. */
  tick(t = now()) {
    if (t < this.startAt) return false;
    if (this.first === undefined) {
      this.first = t;
      return false;
    }
    this.units++;
    this.last = t;
    return t >= this.endAt;
  }

  result(extra = {}) {
    const windowMs = this.last === undefined ? 0 : this.last - this.first;
    return {
      units: this.units,
      windowMs: Math.round(windowMs * 1000) / 1000,
      rate: windowMs > 0 ? (this.units * 1000) / windowMs : 0,
      ...extra,
    };
  }
}

/**
 * Writes a workload's result line, with the CPU time of the whole process so far (all its
 * threads; lets the test tell how much of the machine's busy time was someone else's).
 */
function printResult(result) {
  const u = process.cpuUsage();
  const line = { ...result, cpuMs: Math.round((u.user + u.system) / 1000) };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

module.exports = { now, envNumber, removal, Meter, printResult };

#!/usr/bin/env node
// Smoke test of the native addon's leaf recovery on the running Node line.
//
//   node [v8 flags] scripts/smoke-lines.js <path/to/causalprof.node> [direct|callee|builtins] [seconds]
//
// Loads the addon with require(path) (no node-gyp-build), samples the main thread at
// 1 kHz while a function with two loops of 3:1 cost (lines A and B) runs for about
// `seconds` (2), and prints the samples per leaf (function:line).
//   direct    work() is called once (its loops get on-stack replaced).
//   callee    work() is called ~1 ms at a time from a loop in driver() on another line, so
//             a leaf that is not recovered shows up as samples on the caller's line.
//   builtins  like callee, with loops that call string builtins out of line (StringAdd,
//             slice, indexOf): samples with the pc in a builtin test the builtin address
//             calibration; a failure lands on the caller's line or the top-level script.
// The ratio A/B is ~3 in compiled code; in the interpreter (--no-opt --no-sparkplug
// --no-maglev) line A also pays for `n*3` in its condition, ~3.2-3.3 measured by timing.
// Sparkplug (baseline) code has no line table: its samples are at the function's first
// line. TurboFan may inline work() into driver(): the lines stay right, the function
// name becomes driver's ("anyLineA/B" count those too).
// Exit code 0 always; the last line is a JSON summary for scripts.
'use strict';

const path = require('node:path');

const addonPath = path.resolve(process.argv[2] ?? 'build/Release/causalprof.node');
const mode = process.argv[3] ?? 'direct';
const seconds = Number(process.argv[4] ?? 2);
const addon = require(addonPath);
addon.registerThread(0, 'main');

// Functions below compile lazily, after the JIT code handler is installed.
const ownLines = require('node:fs').readFileSync(__filename, 'utf8').split('\n');
const lineOf = (marker) =>
  1 + ownLines.findIndex((l) => l.includes(`// ${marker}`) && !l.includes('lineOf'));
const builtins = mode === 'builtins';
const WORK = builtins ? 'workS' : 'work';
const DRIVER = builtins ? 'driverS' : 'driver';
const LINE_A = lineOf(builtins ? 'line SA' : 'line A');
const LINE_B = lineOf(builtins ? 'line SB' : 'line B');
const LINE_CALLER = lineOf(builtins ? 'caller S' : 'caller line');
// biome-ignore format: one loop per line is what this test measures
function work(n){let a=0
  for(let i=0;i<n*3;i++){a=Math.sqrt(a+i)} // line A (3/4 of the cost)
  for(let i=0;i<n;i++){a=Math.sqrt(a+i)} // line B (1/4 of the cost)
  return a}

// biome-ignore format: one loop per line is what this test measures
function driver(calls, n){
  let s=0
  for(let k=0;k<calls;k++){s+=work(n)} // caller line
  return s}

// biome-ignore format: one loop per line is what this test measures
function workS(n){let s='abcdefgh', c=0
  for(let i=0;i<n*3;i++){s=`${s}x`.slice(1); c+=s.indexOf('x',i&3)} // line SA
  for(let i=0;i<n;i++){s=`${s}y`.slice(1); c+=s.indexOf('y',i&3)} // line SB
  return c}

// biome-ignore format: one loop per line is what this test measures
function driverS(calls, n){
  let t=0
  for(let k=0;k<calls;k++){t+=workS(n)} // caller S
  return t}

// A copy of work() for calibration, so work() itself starts cold.
// biome-ignore format: one loop per line is what this test measures
function calib(n){let a=0
  for(let i=0;i<n*3;i++){a=Math.sqrt(a+i)}
  for(let i=0;i<n;i++){a=Math.sqrt(a+i)}
  return a}

// biome-ignore format: one loop per line is what this test measures
function calibS(n){let s='abcdefgh', c=0
  for(let i=0;i<n*3;i++){s=`${s}x`.slice(1); c+=s.indexOf('x',i&3)}
  for(let i=0;i<n;i++){s=`${s}y`.slice(1); c+=s.indexOf('y',i&3)}
  return c}

function perSecond() {
  let n = 1000;
  for (;;) {
    const t0 = process.hrtime.bigint();
    if (builtins) calibS(n);
    else calib(n);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms > 150) return (n / ms) * 1000;
    n *= 2;
  }
}

const rate = perSecond(); // n units per second
const status = addon.startSampling(
  1000,
  process.env.CAUSALPROF_FORCE_POSIX === '1' ? 'posix' : 'perf',
  true,
);
const t0 = process.hrtime.bigint();
if (mode === 'callee' || builtins) {
  const perCall = Math.max(1, Math.round(rate / 1000)); // ~1 ms per call
  (builtins ? driverS : driver)(Math.round((seconds * rate) / perCall), perCall);
} else {
  work(Math.round(seconds * rate));
}
const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
addon.stopSampling();
const taken = addon.takeSamples();

const fns = taken.functions;
const leafCounts = new Map();
const callerOfWork = new Map();
let total = 0;
for (const t of taken.threads) {
  for (const s of t.stacks) {
    const f = s.frames;
    const key = f.length >= 2 ? `${fns[f[0]].name}:${f[1]}` : '(none)';
    leafCounts.set(key, (leafCounts.get(key) ?? 0) + s.samples);
    if (f.length >= 4 && fns[f[0]].name === WORK) {
      const ck = `${fns[f[2]].name}:${f[3]}`;
      callerOfWork.set(ck, (callerOfWork.get(ck) ?? 0) + s.samples);
    }
    total += s.samples;
  }
}
const sorted = [...leafCounts.entries()].sort((a, b) => b[1] - a[1]);
const get = (k) => leafCounts.get(k) ?? 0;
const sum = (pred) =>
  [...leafCounts.entries()].filter(([k]) => pred(k)).reduce((t, [, v]) => t + v, 0);
const a = get(`${WORK}:${LINE_A}`);
const b = get(`${WORK}:${LINE_B}`);
const anyA = sum((k) => k.endsWith(`:${LINE_A}`));
const anyB = sum((k) => k.endsWith(`:${LINE_B}`));
const caller = sum((k) => k.startsWith(`${DRIVER}:`));
const workOther = sum(
  (k) => k.startsWith(`${WORK}:`) && k !== `${WORK}:${LINE_A}` && k !== `${WORK}:${LINE_B}`,
);
// Samples blamed on a caller: driver's call line, or the top-level script (whose code
// predates the handler, so it has no line table).
const lost = get(`${DRIVER}:${LINE_CALLER}`) + sum((k) => k.includes('smoke-lines.js'));
const gc = get('(garbage collector):0');
console.log(
  `node ${process.version} ${mode} flags=[${process.execArgv.join(' ')}] timer=${status.timer} ` +
    `elapsed=${elapsedMs.toFixed(0)}ms samples=${total}`,
);
for (const [k, v] of sorted.slice(0, 12))
  console.log(`  ${String(v).padStart(6)} ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
if (callerOfWork.size > 0) {
  console.log(
    `  callers of ${WORK} (frame 1):`,
    [...callerOfWork.entries()].map(([k, v]) => `${k}=${v}`).join(' '),
  );
}
const summary = {
  node: process.version,
  mode,
  flags: process.execArgv.join(' '),
  total,
  lineA: a,
  lineB: b,
  ratioAB: b > 0 ? Number((a / b).toFixed(2)) : null,
  shareAB: total > 0 ? Number(((a + b) / total).toFixed(3)) : 0,
  anyLineA: anyA,
  anyLineB: anyB,
  anyRatioAB: anyB > 0 ? Number((anyA / anyB).toFixed(2)) : null,
  workOtherLines: workOther,
  onDriver: caller,
  lostToCaller: lost,
  lostShare: total > 0 ? Number((lost / total).toFixed(3)) : 0,
  gc,
  lines: { a: LINE_A, b: LINE_B, caller: LINE_CALLER },
};
console.log(JSON.stringify(summary));

// How soon the default-mode answer is right, and whether its intervals mean what they say.
//
// For each ground-truth workload (test/workloads/causal-*.js, every marked line's real
// effect measured by really removing 25% and 50% of its work), for each policy and seed:
// `causalprof run --policy <p> --seed <s>` for the whole run, no --fixed-line, no fixed
// speedups, as a user runs it. Each profile is then read as it stood every 5 s:
// - right: every pair of marked lines whose true slopes differ by 0.1 or more is ranked in
//   the true order, and every marked line's slope is within 0.1 of the truth;
// - seconds until right (and right at every later check);
// - the largest slope error at 30 s and at the end, and its sign per line (bias);
// - coverage: how often the 95% interval of each marked line's effect at 25% and 50% holds
//   the real effect;
// - the same largest error with the whole-run pooled baseline (--baseline pooled), on the
//   same profiles: what following the program's drift in time changes.
//
//   node bench/accuracy.js [--quick] [--seeds N] [--seconds S] [--policies adaptive,coz]
//                          [--workloads fork-join,pipeline,single,latency] [--reps R]
//   (defaults: 10 seeds, 60 s, both policies, all four, 5 real reps: about 100 minutes;
//   --quick: 3 seeds, 30 s, 3 reps; --reuse-profiles: judge the profiles of an earlier run
//   again, against a truth measured now; --burn BUSY_MS,IDLE_MS: a CPU burner beside every
//   profiled run, bursts of BUSY ms every BUSY+IDLE ms (bench/workloads/burner.js), the truth
//   still measured without it; the table then adds the largest error with the report's
//   model of outside load left out, on the same profiles, as it always does)
//
// Writes bench/results/<section>.json and that section of bench/README.md (--section:
// accuracy, accuracy-quick with --quick, or accuracy-trial for the default-mode tests' trial).
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { median } = require('./lib/stats');
const { writeSection, table } = require('./lib/readme');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'lib', 'cli', 'main.js');
const WORKLOADS_DIR = path.join(ROOT, 'test', 'workloads');
const { buildReport } = require(path.join(ROOT, 'dist', 'lib', 'report'));
const { parseProfile } = require(path.join(ROOT, 'dist', 'lib', 'profile'));
const { makeRandom } = require(path.join(ROOT, 'dist', 'lib', 'causal', 'policy'));

const TOLERANCE = 0.1;
const CHECK_EVERY_S = 5;
const LEVELS = [0.25, 0.5];

/** Each workload, and its marked lines by the suffix of their REMOVE_<suffix> switch. */
const WORKLOADS = {
  'fork-join': { file: 'causal-forkjoin.js', lines: { A: 'LINE-A', B: 'LINE-B' } },
  pipeline: { file: 'causal-pipeline.js', lines: { S2: 'LINE-S2', S1: 'LINE-S1', S3: 'LINE-S3' } },
  single: { file: 'causal-single.js', lines: { '3X': 'LINE-3X', '1X': 'LINE-1X' } },
  latency: {
    file: 'causal-latency.js',
    lines: { RENDER: 'LINE-RENDER', PARSE: 'LINE-PARSE', INDEX: 'LINE-INDEX' },
  },
};

function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const value = (flag, fallback) => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
  };
  return {
    quick,
    seeds: Number(value('--seeds', quick ? 3 : 10)),
    seconds: Number(value('--seconds', quick ? 30 : 60)),
    reps: Number(value('--reps', quick ? 3 : 5)),
    policies: value('--policies', 'adaptive,coz').split(','),
    workloads: value('--workloads', Object.keys(WORKLOADS).join(',')).split(','),
    // Which section of bench/README.md the results go to (the test bounds' trial has its own).
    section: value(
      '--section',
      argv.includes('--burn') ? 'accuracy-busy' : quick ? 'accuracy-quick' : 'accuracy',
    ),
    // Judge the profiles an earlier run left in bench/results/<section>/ against a truth
    // measured now (more --reps), instead of profiling again.
    reuseProfiles: argv.includes('--reuse-profiles'),
    burn: parseBurn(value('--burn', undefined)),
  };
}

function parseBurn(spec) {
  if (spec === undefined) return undefined;
  const [busy, idle] = spec.split(',').map(Number);
  if (!(busy > 0) || !(idle >= 0)) {
    throw new Error(`--burn ${spec}: expected BUSY_MS,IDLE_MS, e.g. 2000,3000`);
  }
  return { busy, idle };
}

/** The 1-based line of `file` ending with `// <marker>`. */
function markedLine(file, marker) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const hits = lines.flatMap((l, i) =>
    l.trimEnd().endsWith(`// ${marker}`) && !l.trimStart().startsWith('//') ? [i + 1] : [],
  );
  if (hits.length !== 1) throw new Error(`${marker} marks ${hits.length} lines of ${file}`);
  return hits[0];
}

function runWorkload(file, env) {
  const r = spawnSync(process.execPath, [file], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${file} exited ${r.status}: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop();
  return JSON.parse(line).rate;
}

/** Real effects: rounds of a baseline run then one per line and level, median rates. */
function measureTruth(w, reps) {
  const file = path.join(WORKLOADS_DIR, w.file);
  const rates = { base: [] };
  for (const key of Object.keys(w.lines)) for (const s of LEVELS) rates[`${key}@${s}`] = [];
  for (let i = 0; i < reps; i++) {
    rates.base.push(runWorkload(file, { RUN_MS: '2300' }));
    for (const key of Object.keys(w.lines)) {
      for (const s of LEVELS) {
        rates[`${key}@${s}`].push(
          runWorkload(file, { RUN_MS: '2300', [`REMOVE_${key}`]: String(s) }),
        );
      }
    }
  }
  const base = median(rates.base);
  const truth = {};
  for (const key of Object.keys(w.lines)) {
    const effect = {};
    const effectSe = {};
    for (const s of LEVELS) {
      effect[s] = 1 - base / median(rates[`${key}@${s}`]);
      effectSe[s] = bootstrapSe(rates.base, rates[`${key}@${s}`]);
    }
    const slope =
      LEVELS.reduce((sum, s) => sum + s * effect[s], 0) / LEVELS.reduce((sum, s) => sum + s * s, 0);
    truth[key] = { site: `${file}:${markedLine(file, w.lines[key])}`, effect, effectSe, slope };
  }
  return truth;
}

/**
 * The truth's own standard error: a real effect measured from a few runs is noisy too, and a
 * 95% interval cannot be expected to cover a truth that is off by more than its own width.
 * Bootstrap over the rounds (resampling baseline and removed runs), seeded.
 */
function bootstrapSe(baseRates, removedRates, draws = 2000) {
  const random = makeRandom(11);
  const pick = (xs) => xs.map(() => xs[Math.floor(random() * xs.length)]);
  const effects = [];
  for (let b = 0; b < draws; b++)
    effects.push(1 - median(pick(baseRates)) / median(pick(removedRates)));
  const mean = effects.reduce((a, x) => a + x, 0) / draws;
  return Math.sqrt(effects.reduce((a, x) => a + (x - mean) ** 2, 0) / (draws - 1));
}

function runProfile(w, policy, seed, seconds, dir, burn) {
  const out = path.join(dir, `${w.file.replace('.js', '')}-${policy}-${seed}.coz`);
  fs.rmSync(out, { force: true });
  const file = path.join(WORKLOADS_DIR, w.file);
  const burner =
    burn === undefined
      ? undefined
      : spawn(
          process.execPath,
          [path.join(__dirname, 'workloads', 'burner.js'), String(burn.busy), String(burn.idle)],
          { stdio: 'ignore' },
        );
  const r = spawnSync(
    process.execPath,
    [
      CLI,
      'run',
      '-o',
      out,
      '--policy',
      policy,
      '--seed',
      String(seed),
      '--',
      process.execPath,
      file,
    ],
    { env: { ...process.env, RUN_MS: String(seconds * 1000) }, encoding: 'utf8' },
  );
  burner?.kill('SIGKILL');
  if (r.status !== 0) throw new Error(`run ${w.file} ${policy} ${seed} failed: ${r.stderr}`);
  return out;
}

/** The profile as if its experiments had not recorded outside load: the model then has no term for it. */
function withoutLoad(profile) {
  const records = profile.records.map((r) => {
    if (r.type !== 'experiment') return r;
    const { outside_cpu: _o, steal: _s, ...rest } = r;
    return rest;
  });
  return { ...profile, records };
}

/** The profile as it stood `seconds` into the run: experiments that had ended by then. */
function asOf(profile, seconds) {
  const limit = seconds * 1e9;
  const records = [];
  let skipping = false;
  let start = 0;
  for (const r of profile.records) {
    if (r.type === 'startup') start = 0;
    if (r.type === 'experiment') {
      const end = (r.start_time ?? start) + (r.wall_duration ?? r.duration);
      start = end;
      skipping = end > limit;
    } else if (r.type !== 'throughput-point' && r.type !== 'latency-point') {
      skipping = false;
    }
    if (!skipping) records.push(r);
  }
  return { ...profile, records };
}

function judge(report, truth) {
  const byKey = {};
  for (const [key, t] of Object.entries(truth)) {
    byKey[key] = report.sites.find((s) => s.site === t.site);
  }
  const errors = {};
  let right = true;
  for (const [key, t] of Object.entries(truth)) {
    const s = byKey[key];
    errors[key] = s?.slope === null || s === undefined ? null : s.slope - t.slope;
    if (errors[key] === null || Math.abs(errors[key]) > TOLERANCE) right = false;
  }
  const rank = (key) => report.sites.indexOf(byKey[key]);
  const keys = Object.keys(truth);
  for (const a of keys) {
    for (const b of keys) {
      if (truth[a].slope - truth[b].slope < TOLERANCE) continue;
      if (byKey[a] === undefined || byKey[b] === undefined || rank(a) > rank(b)) right = false;
    }
  }
  let covered = 0;
  let coveredAllowing = 0;
  let intervals = 0;
  for (const [key, t] of Object.entries(truth)) {
    for (const s of LEVELS) {
      const row = byKey[key]?.rows.find((r) => Math.abs(r.speedup - s) < 1e-6);
      if (!row || row.low === null || row.high === null) continue;
      intervals++;
      if (row.low <= t.effect[s] && t.effect[s] <= row.high) covered++;
      // The same, with the truth's own 95% error added in quadrature to the interval's.
      const half = (row.high - row.low) / 2;
      const allowed = Math.sqrt(half ** 2 + (1.96 * (t.effectSe?.[s] ?? 0)) ** 2);
      if (Math.abs((row.low + row.high) / 2 - t.effect[s]) <= allowed) coveredAllowing++;
    }
  }
  const finite = Object.values(errors).filter((e) => e !== null);
  const maxError = finite.length === keys.length ? Math.max(...finite.map(Math.abs)) : null;
  return { right, errors, maxError, covered, coveredAllowing, intervals };
}

function analyse(file, truth, seconds) {
  const profile = parseProfile(fs.readFileSync(file, 'utf8'), file);
  const checks = [];
  for (let t = CHECK_EVERY_S; t <= seconds; t += CHECK_EVERY_S) {
    checks.push({ t, ...judge(buildReport([asOf(profile, t)]), truth) });
  }
  let rightFrom = null;
  for (let i = checks.length - 1; i >= 0 && checks[i].right; i--) rightFrom = checks[i].t;
  const at = (t) => checks.find((c) => c.t === t) ?? checks[checks.length - 1];
  const pooled = judge(buildReport([profile], { baseline: 'pooled' }), truth);
  const unmodelled = judge(buildReport([withoutLoad(profile)]), truth);
  return {
    unmodelledAtEnd: unmodelled,
    rightFrom,
    at30: at(30),
    atEnd: at(seconds),
    pooledAtEnd: pooled,
    experiments: profile.records.filter((r) => r.type === 'experiment').length,
  };
}

const f2 = (x) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(2));

function summarise(results, args) {
  const rows = [];
  const biasRows = [];
  for (const [name, byPolicy] of Object.entries(results)) {
    for (const [policy, runs] of Object.entries(byPolicy.policies)) {
      const times = runs.map((r) => r.rightFrom);
      const rightBy30 = times.filter((t) => t !== null && t <= 30).length;
      const rightByEnd = times.filter((t) => t !== null).length;
      const known = times.filter((t) => t !== null);
      const cov = (k, field = 'covered') => {
        const c = runs.reduce((s, r) => s + r[k][field], 0);
        const n = runs.reduce((s, r) => s + r[k].intervals, 0);
        return n === 0 ? '–' : `${((100 * c) / n).toFixed(0)}% of ${n}`;
      };
      const worst = (k) => {
        const e = runs.map((r) => r[k].maxError);
        return e.some((x) => x === null)
          ? `${f2(median(e.filter((x) => x !== null)))} (${e.filter((x) => x === null).length} missing)`
          : `${f2(median(e))} / ${f2(Math.max(...e))}`;
      };
      rows.push([
        name,
        policy,
        `${rightBy30}/${runs.length}`,
        `${rightByEnd}/${runs.length}`,
        known.length === 0 ? '–' : `${median(known)} s`,
        worst('at30'),
        worst('atEnd'),
        worst('pooledAtEnd'),
        worst('unmodelledAtEnd'),
        cov('at30'),
        cov('atEnd'),
        cov('atEnd', 'coveredAllowing'),
      ]);
      for (const key of Object.keys(byPolicy.truth)) {
        const e = runs.map((r) => r.atEnd.errors[key]).filter((x) => x !== null);
        const mean = e.length ? e.reduce((a, b) => a + b, 0) / e.length : null;
        biasRows.push([
          name,
          policy,
          key,
          f2(byPolicy.truth[key].slope),
          `${f2(mean)} (${e.length})`,
        ]);
      }
    }
  }
  const truthRows = Object.entries(results).flatMap(([name, r]) =>
    Object.entries(r.truth).map(([key, t]) => [
      name,
      key,
      path.basename(t.site),
      `${f2(t.effect[0.25])} ± ${f2(1.96 * (t.effectSe?.[0.25] ?? Number.NaN))}`,
      `${f2(t.effect[0.5])} ± ${f2(1.96 * (t.effectSe?.[0.5] ?? Number.NaN))}`,
      f2(t.slope),
    ]),
  );
  const burn = args.burn
    ? ` A CPU burner ran beside every profiled run (bursts of ${args.burn.busy} ms every ${args.burn.busy + args.burn.idle} ms); the truth was measured without it.`
    : '';
  const body = [
    `${args.seeds} seeds of ${args.seconds} s per workload and policy, checked every ${CHECK_EVERY_S} s. Right: marked lines whose true slopes differ by ${TOLERANCE} or more ranked in the true order, and every slope within ${TOLERANCE} of the truth. Errors are the largest |slope - truth| over a workload's marked lines: median / worst over seeds.${burn}`,
    '',
    table(
      [
        'workload',
        'policy',
        'right by 30 s',
        'right by the end',
        'median time to right',
        'error at 30 s',
        `error at ${args.seconds} s`,
        `same, pooled baseline`,
        'same, outside load not modelled',
        '95% coverage at 30 s',
        `at ${args.seconds} s`,
        `at ${args.seconds} s, allowing for the truth's error`,
      ],
      rows,
    ),
    '',
    `The truth, measured by really removing work (\`REMOVE_<line>\`), median rates of ${args.reps} rounds of alternating runs, with its own 95% error (bootstrap over the rounds):`,
    '',
    table(['workload', 'line', 'site', 'effect at 25%', 'at 50%', 'slope'], truthRows),
    '',
    `Mean signed slope error at ${args.seconds} s, per line (an unbiased policy averages near 0):`,
    '',
    table(['workload', 'policy', 'line', 'true slope', 'mean error (runs)'], biasRows),
  ].join('\n');
  return body;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const dir = path.join(__dirname, 'results', args.section);
  fs.mkdirSync(dir, { recursive: true });
  const results = {};
  for (const name of args.workloads) {
    const w = WORKLOADS[name];
    if (!w) throw new Error(`unknown workload ${name}`);
    process.stderr.write(`${name}: measuring the truth (${args.reps} rounds)\n`);
    const truth = measureTruth(w, args.reps);
    process.stderr.write(
      `${name}: truth ${JSON.stringify(Object.fromEntries(Object.entries(truth).map(([k, t]) => [k, t.slope.toFixed(3)])))}\n`,
    );
    results[name] = { truth, policies: {} };
    for (const policy of args.policies) {
      results[name].policies[policy] = [];
      for (let seed = 1; seed <= args.seeds; seed++) {
        const kept = path.join(dir, `${w.file.replace('.js', '')}-${policy}-${seed}.coz`);
        const file =
          args.reuseProfiles && fs.existsSync(kept)
            ? kept
            : runProfile(w, policy, seed, args.seconds, dir, args.burn);
        const r = analyse(file, truth, args.seconds);
        results[name].policies[policy].push({ seed, ...r });
        process.stderr.write(
          `${name} ${policy} seed ${seed}: right from ${r.rightFrom ?? '–'} s, error at 30 s ${f2(r.at30.maxError)}, at the end ${f2(r.atEnd.maxError)} (pooled ${f2(r.pooledAtEnd.maxError)}, load not modelled ${f2(r.unmodelledAtEnd.maxError)}), covered ${r.atEnd.covered}/${r.atEnd.intervals}\n`,
        );
      }
    }
  }
  fs.writeFileSync(
    path.join(__dirname, 'results', `${args.section}.json`),
    JSON.stringify(results, null, 2),
  );
  const command = `node bench/accuracy.js ${process.argv.slice(2).join(' ')}`.trim();
  const titles = {
    accuracy: 'Accuracy of the default mode',
    'accuracy-quick': 'Accuracy, quick pass',
    'accuracy-trial': 'Accuracy: the trial behind the default-mode tests',
    'accuracy-busy': 'Accuracy on a busy machine (a CPU burner beside each run)',
    'accuracy-quiet': 'Accuracy on a quiet machine (the outside-load model checked)',
  };
  writeSection(
    args.section,
    titles[args.section] ?? args.section,
    command,
    summarise(results, args),
  );
  process.stderr.write(`wrote bench/README.md and bench/results/${args.section}.json\n`);
}

if (require.main === module) main();
module.exports = { asOf, judge, WORKLOADS };

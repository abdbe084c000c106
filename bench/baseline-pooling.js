// How much sooner the report's answers are right with pooled baselines than with Coz's
// per-line ones. Runs `causalprof run` (Coz's experiment policy, no fixed line) on
// bench/workloads/six-lines.js, whose six lines have known true slopes (their shares of the
// work: 0.40, 0.25, 0.15, 0.10, 0.05, 0.05), with seeds 1..runs. Then it reads each profile
// cut after its first k experiments, for growing k, and counts per baseline mode the lines
// whose answer is right (trusted, slope within 0.05 of the truth) and wrong but trusted.
// The same experiments are analysed both ways, so the comparison is paired.
//
//   node bench/baseline-pooling.js [runs] [seconds]    (defaults 5 and 90: about 8 minutes)
//   node bench/baseline-pooling.js --profiles a.coz b.coz ...   (analyse existing runs)
//
// Writes bench/results/baseline-pooling.md and .json.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'lib', 'cli', 'main.js');
const WORKLOAD = path.join(__dirname, 'workloads', 'six-lines.js');
const { buildReport } = require(path.join(ROOT, 'dist', 'lib', 'report'));
const { parseProfile } = require(path.join(ROOT, 'dist', 'lib', 'profile'));

const TOLERANCE = 0.05;
const STEP = 10;
const MODES = ['per-site', 'pooled'];

/** line number -> true slope, from the `// SIX-NN` markers in the workload. */
function truths() {
  const map = new Map();
  fs.readFileSync(WORKLOAD, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const m = /\/\/ SIX-(\d\d)/.exec(text);
      if (m) map.set(`${WORKLOAD}:${i + 1}`, Number(m[1]) / 100);
    });
  return map;
}

function runProfiles(runs, seconds) {
  const dir = path.join(__dirname, 'results', 'pooling');
  fs.mkdirSync(dir, { recursive: true });
  const files = [];
  for (let seed = 1; seed <= runs; seed++) {
    const file = path.join(dir, `six-lines-${seed}.coz`);
    fs.rmSync(file, { force: true });
    const r = spawnSync(
      process.execPath,
      [CLI, 'run', '-o', file, '--seed', String(seed), '--', process.execPath, WORKLOAD],
      { env: { ...process.env, DURATION_MS: String(seconds * 1000) }, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`run ${seed} failed: ${r.stderr}`);
    process.stderr.write(`run ${seed}/${runs} done\n`);
    files.push(file);
  }
  return files;
}

/** The profile's text cut just before its (k+1)-th experiment record. */
function firstExperiments(text, k) {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('{"type":"experiment"') && ++seen > k) {
      return lines.slice(0, i).join('\n');
    }
  }
  return text;
}

function score(text, source, mode, truth) {
  const report = buildReport([parseProfile(text, source)], { baseline: mode });
  let right = 0;
  let wrongTrusted = 0;
  for (const [site, slope] of truth) {
    const s = report.sites.find((x) => x.site === site);
    if (!s?.trusted || s.slope === null) continue;
    if (Math.abs(s.slope - slope) <= TOLERANCE) right++;
    else wrongTrusted++;
  }
  return { right, wrongTrusted };
}

function analyse(files) {
  const truth = truths();
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const counts = texts.map((t) => (t.match(/^\{"type":"experiment"/gm) ?? []).length);
  const runtimes = texts.map((t) => {
    const m = /"type":"runtime","time":(\d+)/.exec(t);
    return m ? Number(m[1]) / 1e9 : Number.NaN;
  });
  const secondsPerExperiment =
    runtimes.reduce((a, b) => a + b, 0) / counts.reduce((a, b) => a + b, 0);
  const maxK = Math.min(...counts);
  const rows = [];
  for (let k = STEP; k <= maxK; k += STEP) {
    const row = { experiments: k, seconds: Math.round(k * secondsPerExperiment) };
    for (const mode of MODES) {
      const scores = texts.map((t, i) => score(firstExperiments(t, k), files[i], mode, truth));
      row[mode] = {
        right: scores.reduce((a, s) => a + s.right, 0) / scores.length,
        wrongTrusted: scores.reduce((a, s) => a + s.wrongTrusted, 0) / scores.length,
        allRight: scores.filter((s) => s.right === truth.size).length,
      };
    }
    rows.push(row);
  }
  return { runs: files.length, lines: truth.size, experimentsPerRun: counts, rows };
}

const args = process.argv.slice(2);
const files =
  args[0] === '--profiles'
    ? args.slice(1)
    : runProfiles(Number(args[0] || 5), Number(args[1] || 90));
const result = analyse(files);
const when = new Date().toISOString();
const header = `Measured ${when}, Node ${process.version}, ${os.cpus().length} cores: ${result.runs} runs (experiments per run: ${result.experimentsPerRun.join(', ')}); ${result.lines} lines; right = trusted and slope within ${TOLERANCE} of the truth; means over runs.`;
const table = [
  '| experiments | ~seconds | right, per-site | right, pooled | wrong but trusted, per-site | wrong but trusted, pooled | runs all right, per-site | runs all right, pooled |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...result.rows.map(
    (r) =>
      `| ${r.experiments} | ${r.seconds} | ${r['per-site'].right.toFixed(1)} | ${r.pooled.right.toFixed(1)} | ${r['per-site'].wrongTrusted.toFixed(1)} | ${r.pooled.wrongTrusted.toFixed(1)} | ${r['per-site'].allRight} | ${r.pooled.allRight} |`,
  ),
];
console.log(header);
console.log(table.join('\n'));
const out = path.join(__dirname, 'results');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(
  path.join(out, 'baseline-pooling.json'),
  `${JSON.stringify({ when, ...result }, null, 2)}\n`,
);
fs.writeFileSync(
  path.join(out, 'baseline-pooling.md'),
  `${header}\n\nCommand: \`node bench/baseline-pooling.js ${args.join(' ')}\`\n\n${table.join('\n')}\n`,
);

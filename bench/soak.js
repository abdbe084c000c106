// Memory over a long production-sampling run with rotation: bench/workloads/soak.js (the
// main thread and a worker at a few percent of a core, sampled at 1 kHz, a gzipped pprof
// every 10 s) for MINUTES (60), its RSS and V8 heap recorded at every period. At the end
// every period's pprof is decoded and its samples counted. The figure that matters is the
// growth after warm-up: the least-squares slope of RSS against time over the periods after
// the first WARMUP_MIN (5) minutes, in MB per hour, beside the RSS at warm-up and at the end.
//
//   node bench/soak.js [minutes] [periodSeconds]   (default 60 10)
//
// Writes bench/results/soak.json and the soak section of bench/README.md.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { gunzipSync } = require('node:zlib');
const { Profile } = require('pprof-format');
const { writeSection, table } = require('./lib/readme');

const MINUTES = Number(process.argv[2] || 60);
const PERIOD_S = Number(process.argv[3] || 10);
const WARMUP_MIN = Math.min(5, MINUTES / 4);
const MB = 1024 * 1024;

function slopePerHour(points) {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.t - mt) * (p.y - my);
    sxx += (p.t - mt) ** 2;
  }
  return (sxy / sxx) * 3600;
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'causalprof-soak-'));
  // Preloaded as in production (NODE_OPTIONS='--require causalprof/agent'), so the worker
  // registers before its code compiles and is sampled too.
  const agent = path.join(__dirname, '..', 'dist', 'lib', 'agent', 'agent.js');
  const workload = path.join(__dirname, 'workloads', 'soak.js');
  const child = spawn(process.execPath, ['--require', agent, workload], {
    env: { ...process.env, OUT_DIR: dir, PERIOD_MS: String(PERIOD_S * 1000) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = Date.now();
  const periods = [];
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      periods.push({ ...JSON.parse(line), t: (Date.now() - started) / 1000 });
      const p = periods[periods.length - 1];
      if (p.index % 30 === 0) {
        process.stderr.write(
          `period ${p.index} at ${(p.t / 60).toFixed(1)} min: rss ${(p.rss / MB).toFixed(1)} MB, heap ${(p.heapUsed / MB).toFixed(1)} MB\n`,
        );
      }
      nl = buffered.indexOf('\n');
    }
  });
  setTimeout(() => child.kill('SIGTERM'), MINUTES * 60_000);
  child.on('exit', (code, signal) => {
    if (code !== 0) throw new Error(`the soak program exited ${code ?? signal}`);
    finish(dir, periods);
  });
}

function finish(dir, periods) {
  let samples = 0;
  let undecodable = 0;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.pb.gz'));
  for (const f of files) {
    try {
      const profile = Profile.decode(gunzipSync(fs.readFileSync(path.join(dir, f))));
      for (const s of profile.sample) samples += Number(s.value[0] ?? 0);
    } catch {
      undecodable++;
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const after = periods.filter((p) => p.t >= WARMUP_MIN * 60);
  const at = (p, key) => (p === undefined ? '–' : `${(p[key] / MB).toFixed(1)} MB`);
  const first = after[0];
  const last = periods[periods.length - 1];
  const maxRss = Math.max(...periods.map((p) => p.rss));
  const rows = ['rss', 'heapUsed', 'external'].map((key) => [
    key,
    at(first, key),
    at(last, key),
    `${(Math.max(...periods.map((p) => p[key])) / MB).toFixed(1)} MB`,
    `${(slopePerHour(after.map((p) => ({ t: p.t, y: p[key] }))) / MB).toFixed(2)} MB/h`,
  ]);
  const result = {
    minutes: MINUTES,
    periodSeconds: PERIOD_S,
    periods: periods.length,
    files: files.length,
    undecodable,
    samples,
    maxRss,
    series: periods,
  };
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'soak.json'), JSON.stringify(result, null, 2));
  writeSection(
    'soak',
    'Memory over a long rotation run',
    `node bench/soak.js ${process.argv.slice(2).join(' ')}`.trim(),
    [
      `\`startSampling({ intervalUs: 1000, periodMs: ${PERIOD_S * 1000}, onProfile })\` in bench/workloads/soak.js (main thread and one worker, each ${process.env.DUTY_MS || 5} ms of work every 100 ms) for ${MINUTES} minutes: ${periods.length} periods reported, ${files.length} pprofs written, ${undecodable} of them undecodable, ${samples} samples in all. Memory at the first period after ${WARMUP_MIN} minutes of warm-up, at the end, the most seen, and the least-squares slope after warm-up:`,
      '',
      table(['measure', `at ${WARMUP_MIN} min`, 'at the end', 'most', 'slope after warm-up'], rows),
    ].join('\n'),
  );
  process.stderr.write(`wrote bench/README.md and bench/results/soak.json\n`);
}

main();

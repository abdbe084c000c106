// The fault suite many times over: each case of test/faults.test.ts (signals, uncaught
// errors, rejections, process.exit(), worker.terminate(), SIGKILL; in the main thread or a
// worker; while the other thread runs or sleeps in a delay) run RUNS times under
// `causalprof run`, and what each kept of the experiments written before its fault.
//
//   node bench/faults.js [runs]      (default 5; ~1 min per run of the suite here)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { writeSection, table } = require('./lib/readme');

const runs = Number(process.argv[2] || 5);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`bench/faults.js: runs ${process.argv[2]} is not a whole number above 0`);
  process.exit(2);
}
const root = path.join(__dirname, '..');
const summary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'causalprof-faults-')), 's.json');
const r = spawnSync(
  path.join(root, 'node_modules', '.bin', 'vitest'),
  ['run', 'test/faults.test.ts', '-t', 'faults under causalprof run'],
  {
    cwd: root,
    env: { ...process.env, FAULT_RUNS: String(runs), FAULT_SUMMARY: summary },
    stdio: 'inherit',
  },
);
if (!fs.existsSync(summary)) {
  console.error(`bench/faults.js: the fault suite wrote no summary (exit ${r.status})`);
  process.exit(1);
}
const { outcomes } = JSON.parse(fs.readFileSync(summary, 'utf8'));
const byCase = new Map();
for (const o of outcomes) {
  const c = byCase.get(o.name) ?? { runs: 0, before: 0, after: 0, lost: 0 };
  c.runs++;
  c.before += o.before;
  c.after += o.after;
  c.lost += o.lost;
  byCase.set(o.name, c);
}
const total = outcomes.reduce((n, o) => n + o.lost, 0);
writeSection(
  'faults',
  'Faults: what a profile keeps',
  `node bench/faults.js ${runs}`,
  [
    `${byCase.size} cases, ${runs} runs each (${outcomes.length} runs), the suite ${r.status === 0 ? 'passing' : `failing (exit ${r.status})`}. ` +
      `Experiments in the file when the fault was let loose, and how many of them were missing afterwards (lost ${total} in all):`,
    '',
    table(
      ['case', 'runs', 'experiments before the fault', 'after', 'lost'],
      [...byCase].map(([name, c]) => [name, c.runs, c.before, c.after, c.lost]),
    ),
  ].join('\n'),
);
process.exit(r.status === 0 ? 0 : 1);

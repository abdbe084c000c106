// Builds and runs bench/timer-cost.c (what one CPU-time sample costs on this machine,
// without Node) and writes its table into bench/README.md.
//
//   node bench/timer-cost.js [rounds]      (default 15; about 3 minutes)
const { spawnSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { writeSection } = require('./lib/readme');

const rounds = process.argv[2] || '15';
const binary = path.join(os.tmpdir(), 'causalprof-timer-cost');
const cc = spawnSync(
  'cc',
  ['-O2', '-pthread', path.join(__dirname, 'timer-cost.c'), '-o', binary, '-lm'],
  {
    encoding: 'utf8',
  },
);
if (cc.status !== 0) throw new Error(`cc failed: ${cc.stderr}`);
const run = spawnSync(binary, [rounds], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (run.status !== 0) throw new Error(`timer-cost exited ${run.status}`);
process.stdout.write(run.stdout);
writeSection(
  'timer-cost',
  'What a sample costs on this machine, without Node',
  `node bench/timer-cost.js ${rounds}`,
  `Two threads run a chain of dependent square roots under each way of taking a sample, in paired rounds; the handler only counts. us per sample = the extra time over the samples each thread took.\n\n${run.stdout.trim()}`,
);

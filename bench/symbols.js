// What naming native samples costs (native/native_symbols.cc): per sample, in the drain
// thread, for a workload whose samples are mostly native (SHA-256 and zlib: WORK=native of
// the fork-join ground truth) against one whose are JavaScript (WORK=loop); the one-off
// reading of the ELF symbol tables at start; and the memory the tables hold.
//
//   node bench/symbols.js [runs]      (default 3 of each, 4 s each)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median } = require('./lib/stats');
const { writeSection, table } = require('./lib/readme');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'lib', 'cli', 'main.js');
const WORKLOAD = path.join(ROOT, 'test', 'workloads', 'causal-forkjoin.js');
const RUNS = Number(process.argv[2] || 3);

function status(work, timer) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'causalprof-symbols-')), 'cpu.pb.gz');
  const r = spawnSync(
    process.execPath,
    [CLI, 'sample', '--timer', timer, '-o', out, '--', process.execPath, WORKLOAD],
    {
      env: { ...process.env, WORK: work, RUN_MS: '4000', CAUSALPROF_PRINT_STATUS: '1' },
      encoding: 'utf8',
    },
  );
  const line = r.stderr.split('\n').find((l) => l.startsWith('causalprof-status '));
  if (r.status !== 0 || !line) throw new Error(`sample failed: ${r.stderr}`);
  return JSON.parse(line.slice('causalprof-status '.length));
}

const rows = [];
for (const timer of ['ring', 'perf']) {
  for (const work of ['loop', 'native']) {
    const runs = Array.from({ length: RUNS }, () => status(work, timer));
    const us = runs.map(
      (s) => (s.drainCpuNs - s.nativeSymbols.loadCpuNs) / s.drainedSamples / 1000,
    );
    const load = runs.map((s) => s.nativeSymbols.loadCpuNs / 1e6);
    const s = runs[0].nativeSymbols;
    rows.push([
      timer,
      work === 'native' ? 'native (SHA-256, zlib)' : 'JavaScript (sqrt loops)',
      median(us).toFixed(2),
      median(load).toFixed(1),
      String(s.objects),
      String(s.symbols),
      `${(s.heapBytes / 1048576).toFixed(2)} MiB`,
    ]);
    process.stderr.write(`${timer} ${work}: done\n`);
  }
}
console.table(rows);
writeSection(
  'symbols',
  'Naming native samples: cost and memory',
  `node bench/symbols.js ${RUNS}`,
  [
    `\`causalprof sample\` of the fork-join ground truth for 4 s, main thread and two workers at 1 kHz, medians of ${RUNS} runs. Drain per sample: the drain thread's CPU time (less the one-off read of the symbol tables) over the samples it handled. The tables are read once, on the drain thread, when sampling starts (and again when a sample falls in an object loaded since). Their heap is the sorted symbol arrays; the ELF files themselves are mapped read-only, so only the pages of the names samples hit are read, and those are the page cache's.`,
    '',
    table(
      [
        'timer',
        'samples',
        'drain per sample (us)',
        'reading the tables (ms CPU)',
        'objects',
        'function symbols',
        'heap held',
      ],
      rows,
    ),
  ].join('\n'),
);

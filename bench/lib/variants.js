// What the overhead benchmarks share: how to run bench/workloads/main-plus-worker.js once,
// bare or under the agent, and read its work time.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const WORKLOAD = path.join(ROOT, 'bench', 'workloads', 'main-plus-worker.js');
const AGENT = path.join(ROOT, 'dist', 'lib', 'agent', 'agent.js');

const bare = { args: [WORKLOAD], env: {} };

/** `causalprof sample` at one sample per intervalUs, writing its profile into dir. */
function sampled(intervalUs, dir, timer = 'auto') {
  return {
    args: ['--require', AGENT, WORKLOAD],
    env: {
      CAUSALPROF_MODE: 'sample',
      CAUSALPROF_OUTPUT: path.join(dir, 'cpu.pb.gz'),
      CAUSALPROF_INTERVAL_US: String(intervalUs),
      CAUSALPROF_TIMER: timer,
      CAUSALPROF_PRINT_STATUS: '1',
    },
  };
}

/** Runs the workload once in a fresh process: its work time and the agent's status, if any. */
function runOnce(variant) {
  const r = spawnSync(process.execPath, variant.args, {
    env: { ...process.env, ...variant.env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`variant failed: ${r.stderr}`);
  const { workMs, check } = JSON.parse(r.stdout.trim().split('\n').at(-1));
  if (!check) throw new Error('workload checksum mismatch');
  const status = /causalprof-status (.*)/.exec(r.stderr);
  return { workMs, status: status ? JSON.parse(status[1]) : undefined };
}

module.exports = { WORKLOAD, bare, sampled, runOnce };

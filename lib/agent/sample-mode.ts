// `causalprof sample`: sample from start to exit and write one profile for all threads: pprof,
// a .cpuprofile, or a flame graph page, by the output's extension.
import * as fs from 'node:fs';
import { type AgentEnv, ENV } from '../config';
import { loadNative } from '../native';
import { besideProfile, hasOutputPattern } from '../output-pattern';
import { type ProfileFormat, replacedHandler, startSampling } from '../sampling/session';
import { perfFallbackNote, samplingTimerMode } from '../sampling/timer-choice';
import { onProcessEnd } from './exit-hooks';
import { treeRoot } from './tree-root';

function formatOf(output: string): ProfileFormat {
  if (output.endsWith('.cpuprofile')) return 'cpuprofile';
  if (output.endsWith('.html') || output.endsWith('.htm')) return 'html';
  return 'pprof';
}

/**
 * The file this process writes. The program's first process writes the one asked for; a
 * process it starts (a cluster worker, a forked child) writes beside it with its pid in the
 * name (cpu.pb.gz -> cpu-4242.pb.gz), unless the name holds %p already: otherwise every
 * process of a tree would write the same file at exit and the last one to end would win.
 */
function outputOf(env: AgentEnv): string {
  const output = env.output ?? 'cpu.pb.gz';
  if (treeRoot() === process.pid || hasOutputPattern(process.env[ENV.output] ?? '')) {
    return output;
  }
  return besideProfile(output, String(process.pid));
}

export function startSampleMode(env: AgentEnv): void {
  const output = outputOf(env);
  const session = startSampling({
    intervalUs: env.intervalUs,
    timer: env.timer,
  });
  const fallback = perfFallbackNote(
    samplingTimerMode(env.timer, env.intervalUs),
    session.status.timer,
  );
  if (fallback !== undefined) process.stderr.write(`causalprof: ${fallback}\n`);
  onProcessEnd(() => {
    const last = loadNative().status();
    if (last.signalHandlerReplaced && last.timer !== 'perf-ring') {
      process.stderr.write(`causalprof: ${replacedHandler(last)}\n`);
    }
    const bytes = session.stopSync(formatOf(output));
    fs.writeFileSync(output, bytes);
    // For bench/: what the sampler did (samples, drain cost), as one JSON line on stderr.
    if (process.env.CAUSALPROF_PRINT_STATUS) {
      process.stderr.write(`causalprof-status ${JSON.stringify(loadNative().status())}\n`);
    }
  });
}

// `causalprof sample`: sample from start to exit and write one profile for all threads: pprof,
// a .cpuprofile, or a flame graph page, by the output's extension.
import * as fs from 'node:fs';
import type { AgentEnv } from '../config';
import { loadNative } from '../native';
import { type ProfileFormat, replacedHandler, startSampling } from '../sampling/session';
import { perfFallbackNote, samplingTimerMode } from '../sampling/timer-choice';
import { onProcessEnd } from './exit-hooks';

function formatOf(output: string): ProfileFormat {
  if (output.endsWith('.cpuprofile')) return 'cpuprofile';
  if (output.endsWith('.html') || output.endsWith('.htm')) return 'html';
  return 'pprof';
}

export function startSampleMode(env: AgentEnv): void {
  const output = env.output ?? 'cpu.pb.gz';
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

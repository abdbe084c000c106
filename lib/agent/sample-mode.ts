// `causalprof sample`: sample from start to exit and write one pprof for all threads.
import * as fs from 'node:fs';
import type { AgentEnv } from '../config';
import { loadNative } from '../native';
import { startSampling } from '../sampling/session';
import { onProcessEnd } from './exit-hooks';

export function startSampleMode(env: AgentEnv): void {
  const output = env.output ?? 'cpu.pb.gz';
  const session = startSampling({
    intervalUs: env.intervalUs,
    timer: env.timer,
  });
  onProcessEnd(() => {
    const bytes = session.stopSync(output.endsWith('.cpuprofile') ? 'cpuprofile' : 'pprof');
    fs.writeFileSync(output, bytes);
    // For bench/: what the sampler did (samples, drain cost), as one JSON line on stderr.
    if (process.env.CAUSALPROF_PRINT_STATUS) {
      process.stderr.write(`causalprof-status ${JSON.stringify(loadNative().status())}\n`);
    }
  });
}

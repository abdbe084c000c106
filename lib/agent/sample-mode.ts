// `causalprof sample`: sample from start to exit and write one pprof for all threads.
import * as fs from 'node:fs';
import type { AgentEnv } from '../config';
import { startSampling } from '../sampling/session';
import { onProcessEnd } from './exit-hooks';

export function startSampleMode(env: AgentEnv): void {
  const output = env.output ?? 'cpu.pb.gz';
  const session = startSampling({
    intervalUs: env.intervalUs,
    forcePosixTimer: env.forcePosixTimer,
  });
  onProcessEnd(() => {
    const bytes = session.stopSync();
    fs.writeFileSync(output, bytes);
  });
}

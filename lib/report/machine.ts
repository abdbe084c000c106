import type { Profile } from '../profile/records';
import { BUSY_OUTSIDE_CORES, BUSY_STEAL_CORES } from './constants';
import type { Observation } from './observations';
import type { MachineLoad } from './types';

/**
 * How busy the machine was during the experiments, from what each recorded: the program's
 * own CPU, other processes', and the hypervisor's steal, each as cores' worth on average.
 * An experiment measured against several points counts once.
 */
export function machineLoad(
  profiles: readonly Profile[],
  observations: readonly Observation[],
): MachineLoad {
  let cores: number | null = null;
  for (const profile of profiles) {
    for (const record of profile.records) {
      if (record.type === 'startup' && record.cores !== undefined)
        cores = Math.max(cores ?? 0, record.cores);
    }
  }
  const seen = new Set<string>();
  let wall = 0;
  let program = 0;
  let outside = 0;
  let steal = 0;
  let experiments = 0;
  for (const o of observations) {
    const key = `${o.run}\0${o.time}`;
    if (seen.has(key) || o.outsideCpu === undefined) continue;
    seen.add(key);
    experiments++;
    wall += o.wallSeconds * 1e9;
    program += o.programCpu ?? 0;
    outside += o.outsideCpu;
    steal += o.steal ?? 0;
  }
  const per = (ns: number) => (wall > 0 ? ns / wall : null);
  return {
    experiments,
    cores,
    programCores: per(program),
    outsideCores: per(outside),
    stealCores: per(steal),
  };
}

/** What about the machine makes the predictions less reliable, one line each. */
export function machineWarnings(load: MachineLoad): string[] {
  const out: string[] = [];
  const { outsideCores, stealCores, programCores, cores } = load;
  if (outsideCores !== null && outsideCores > BUSY_OUTSIDE_CORES) {
    out.push(
      `other processes used ${outsideCores.toFixed(2)} cores on average during the experiments: they slow the program by amounts unrelated to the experiments; profile on a quiet machine`,
    );
  }
  if (stealCores !== null && stealCores > BUSY_STEAL_CORES) {
    out.push(
      `the hypervisor took ${stealCores.toFixed(2)} cores' worth of CPU time (steal) during the experiments: a busy host slows the program unevenly; the predictions are less reliable`,
    );
  }
  if (programCores !== null && cores !== null && programCores + (outsideCores ?? 0) > 0.9 * cores) {
    out.push(
      `the program kept ${programCores.toFixed(2)} of ${cores} cores busy: a thread that pauses for a virtual speedup lets the others run on its core, which biases predictions toward speedup`,
    );
  }
  return out;
}

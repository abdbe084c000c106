import type { Profile } from '../profile/records';
import { BUSY_OUTSIDE_CORES, BUSY_STEAL_CORES } from './constants';
import type { Observation } from './observations';
import type { MachineLoad } from './types';

/**
 * How busy the machine was during the experiments, from what each recorded: the CPU of the
 * process that ran it, of the program's other processes, of processes outside the program,
 * and the hypervisor's steal, each as cores' worth on average. An experiment measured
 * against several points counts once.
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
  let sibling = 0;
  let siblingSeen = false;
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
    sibling += o.siblingCpu ?? 0;
    siblingSeen ||= o.siblingCpu !== undefined;
    outside += o.outsideCpu;
    steal += o.steal ?? 0;
  }
  const per = (ns: number) => (wall > 0 ? ns / wall : null);
  return {
    experiments,
    cores,
    programCores: per(program),
    // Profiles written before sibling_cpu existed counted siblings as outside load.
    siblingCores: siblingSeen ? per(sibling) : null,
    outsideCores: per(outside),
    stealCores: per(steal),
  };
}

/** What about the machine makes the predictions less reliable, one line each. */
export function machineWarnings(load: MachineLoad): string[] {
  const out: string[] = [];
  const { outsideCores, stealCores, programCores, siblingCores, cores } = load;
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
  const ownCores = (programCores ?? 0) + (siblingCores ?? 0);
  if (programCores !== null && cores !== null && ownCores + (outsideCores ?? 0) > 0.9 * cores) {
    const who =
      (siblingCores ?? 0) > 0.05
        ? `the program's processes kept ${ownCores.toFixed(2)}`
        : `the program kept ${programCores.toFixed(2)}`;
    out.push(
      `${who} of ${cores} cores busy: a thread that pauses for a virtual speedup lets the others run on its core, which biases predictions toward speedup`,
    );
  }
  return out;
}

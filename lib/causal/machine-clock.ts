// What the machine did while an experiment ran: CPU time of the profiled process, of the
// program's other processes, of every process (from /proc/stat), and stolen by the
// hypervisor. The report uses them to say when other work or a busy host made the
// predictions less reliable.
import * as fs from 'node:fs';
import { NS_PER_TICK, treeCpu, treeCpuBetween } from './process-tree';

export interface MachineTimes {
  /** CPU ns of every process, all CPUs (user, nice, system, irq, softirq). */
  busyNs: number;
  stealNs: number;
  /** CPU ns of this process, all its threads. */
  processNs: number;
  /** CPU ns so far of each other process of the program's tree (process-tree.ts). */
  siblings: Map<number, number>;
}

/** `treeRoot`: the first process of the program's tree (CAUSALPROF_ROOT_PID). */
export function machineTimes(treeRoot: number): MachineTimes {
  const usage = process.cpuUsage();
  const processNs = (usage.user + usage.system) * 1000;
  const siblings = treeCpu(treeRoot, process.pid);
  try {
    const fields =
      fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/) ?? [];
    const [user, nice, system, , , irq, softirq, steal] = fields.slice(1).map(Number) as number[];
    const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0);
    return {
      busyNs: busy * NS_PER_TICK,
      stealNs: (steal ?? 0) * NS_PER_TICK,
      processNs,
      siblings,
    };
  } catch {
    return { busyNs: Number.NaN, stealNs: Number.NaN, processNs, siblings };
  }
}

/** The experiment record's fields for what happened between two readings. */
export function machineFields(
  before: MachineTimes,
  after: MachineTimes,
): { program_cpu: number; sibling_cpu?: number; outside_cpu?: number; steal?: number } {
  const program = Math.max(0, Math.round(after.processNs - before.processNs));
  const sibling = Math.round(treeCpuBetween(before.siblings, after.siblings));
  const busy = after.busyNs - before.busyNs;
  if (!Number.isFinite(busy)) return { program_cpu: program };
  return {
    program_cpu: program,
    sibling_cpu: sibling,
    outside_cpu: Math.max(0, Math.round(busy - program - sibling)),
    steal: Math.max(0, Math.round(after.stealNs - before.stealNs)),
  };
}

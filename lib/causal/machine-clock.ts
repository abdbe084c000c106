// What the machine did while an experiment ran: CPU time of the profiled process, of every
// process (from /proc/stat), and stolen by the hypervisor. The report uses them to say when
// other work or a busy host made the predictions less reliable.
import * as fs from 'node:fs';

/** /proc/stat counts in USER_HZ ticks (100 per second on Linux, whatever the kernel's HZ). */
const NS_PER_TICK = 10_000_000;

export interface MachineTimes {
  /** CPU ns of every process, all CPUs (user, nice, system, irq, softirq). */
  busyNs: number;
  stealNs: number;
  /** CPU ns of this process, all its threads. */
  processNs: number;
}

export function machineTimes(): MachineTimes {
  const usage = process.cpuUsage();
  const processNs = (usage.user + usage.system) * 1000;
  try {
    const fields =
      fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/) ?? [];
    const [user, nice, system, , , irq, softirq, steal] = fields.slice(1).map(Number) as number[];
    const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0);
    return { busyNs: busy * NS_PER_TICK, stealNs: (steal ?? 0) * NS_PER_TICK, processNs };
  } catch {
    return { busyNs: Number.NaN, stealNs: Number.NaN, processNs };
  }
}

/** The experiment record's fields for what happened between two readings. */
export function machineFields(
  before: MachineTimes,
  after: MachineTimes,
): { program_cpu: number; outside_cpu?: number; steal?: number } {
  const program = Math.max(0, Math.round(after.processNs - before.processNs));
  const busy = after.busyNs - before.busyNs;
  if (!Number.isFinite(busy)) return { program_cpu: program };
  return {
    program_cpu: program,
    outside_cpu: Math.max(0, Math.round(busy - program)),
    steal: Math.max(0, Math.round(after.stealNs - before.stealNs)),
  };
}

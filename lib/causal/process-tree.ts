// The CPU time of the program's other processes (a cluster's primary and sibling workers, a
// forked child): each process runs its own experiments, and without this the report would
// count its siblings' work as outside load and call a quiet machine busy.
//
// The tree is every descendant of the root process (CAUSALPROF_ROOT_PID, set by the first
// agent of a tree). Linux offers no cheap list of a process's descendants here
// (/proc/<pid>/task/<tid>/children needs CONFIG_PROC_CHILDREN, absent on this CI's kernel),
// so /proc is scanned: ~13 us per process (0.9 ms for 68 processes, 2026-12-04), twice per
// experiment, in the driver thread and outside the experiment's window.
import * as fs from 'node:fs';

/** /proc/stat and /proc/<pid>/stat count in USER_HZ ticks (100 per second on Linux, whatever the kernel's HZ). */
export const NS_PER_TICK = 10_000_000;

interface ProcStat {
  ppid: number;
  cpuNs: number;
}

/** ppid and utime+stime of one process, or undefined if it has gone. */
function procStat(pid: string): ProcStat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  const ppid = Number(fields[1]);
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ppid) || !Number.isFinite(ticks)) return undefined;
  return { ppid, cpuNs: ticks * NS_PER_TICK };
}

/**
 * CPU ns so far of each live process descended from `root` (root included), except `self`.
 * Empty when /proc cannot be read.
 */
export function treeCpu(root: number, self: number): Map<number, number> {
  const stats = new Map<number, ProcStat>();
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return new Map();
  }
  for (const name of entries) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const stat = procStat(name);
    if (stat !== undefined) stats.set(Number(name), stat);
  }
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of stats) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const out = new Map<number, number>();
  const stack = stats.has(root) ? [root] : [];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (pid !== self) out.set(pid, (stats.get(pid) as ProcStat).cpuNs);
    for (const child of children.get(pid) ?? []) stack.push(child);
  }
  return out;
}

/**
 * CPU ns the tree's other processes used between two readings: a process seen only at the
 * second was born meanwhile and counts whole; one that ended meanwhile is lost (its last
 * slice then counts as outside load, an overestimate of at most that slice).
 */
export function treeCpuBetween(
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
): number {
  let sum = 0;
  for (const [pid, ns] of after) sum += Math.max(0, ns - (before.get(pid) ?? 0));
  return sum;
}

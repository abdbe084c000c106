// Which process started the program's tree. The first agent of a tree sets
// CAUSALPROF_ROOT_PID to its own pid; every process it starts inherits it, so a process
// that finds another pid there knows it is a child (a cluster worker, a forked child).
import { ENV } from '../config';

/** The tree's first pid, recorded in the environment by the first process to ask. */
export function treeRoot(): number {
  const root = Number(process.env[ENV.rootPid]);
  if (Number.isInteger(root) && root > 0) return root;
  process.env[ENV.rootPid] = String(process.pid);
  return process.pid;
}

// V8 tiers without line tables, turned off under the profiler so that every JS sample
// resolves to a line (node-sampling-facts.md): Sparkplug on every Node line, and Maglev
// where it is on by default (Node 24). CAUSALPROF_KEEP_TIERS=1 leaves them on; their
// samples are then reported at the function's first line.
import * as v8 from 'node:v8';

export function tierFlagsForLinePrecision(nodeMajor: number): string[] {
  return nodeMajor >= 24 ? ['--no-sparkplug', '--no-maglev'] : ['--no-sparkplug'];
}

export function applyTierFlags(): void {
  const major = Number(process.versions.node.split('.')[0]);
  for (const flag of tierFlagsForLinePrecision(major)) v8.setFlagsFromString(flag);
}

// V8 tiers without line tables (node-sampling-facts.md): Sparkplug on every Node line, and
// Maglev where it is on by default (Node 24). Their samples name the right function but
// only its first line. `causalprof run` turns them off (CAUSALPROF_TIERS=lines), because an
// experiment selects lines; `sample` leaves the program's tiers alone unless asked with
// --line-precision, because turning Sparkplug off costs ~3% by itself (bench/README.md).
import * as v8 from 'node:v8';

export function tierFlagsForLinePrecision(nodeMajor: number): string[] {
  return nodeMajor >= 24 ? ['--no-sparkplug', '--no-maglev'] : ['--no-sparkplug'];
}

export function applyTierFlags(): void {
  const major = Number(process.versions.node.split('.')[0]);
  for (const flag of tierFlagsForLinePrecision(major)) v8.setFlagsFromString(flag);
}

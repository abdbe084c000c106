// Chrome DevTools' .cpuprofile (what `node --cpu-prof` writes), for opening a profile in
// DevTools' Performance panel or VS Code. One tree; each thread is a child of the root.
// Samples are aggregated, so their order in time is synthetic: each stack's samples are
// laid end to end, each as long as the timer periods it stands for.
import type { NativeSamples } from '../native';
import { SourceLocations } from './source-locations';

interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount: number;
  children: number[];
  positionTicks?: { line: number; ticks: number }[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export function buildCpuProfile(
  samples: NativeSamples,
  intervalUs: number,
  startTimeMs: number,
): CpuProfile {
  const sources = new SourceLocations();
  const nodes: ProfileNode[] = [];
  const childIndex = new Map<string, number>();
  const node = (parent: number | undefined, frame: CallFrame, key: string): number => {
    const k = `${parent ?? ''}>${key}`;
    let id = childIndex.get(k);
    if (id === undefined) {
      id = nodes.length + 1;
      childIndex.set(k, id);
      nodes.push({ id, callFrame: frame, hitCount: 0, children: [] });
      if (parent !== undefined) nodes[parent - 1]?.children.push(id);
    }
    return id;
  };
  const label = (name: string): CallFrame => ({
    functionName: name,
    scriptId: '0',
    url: '',
    lineNumber: -1,
    columnNumber: -1,
  });
  const root = node(undefined, label('(root)'), 'root');
  const sampleIds: number[] = [];
  const deltas: number[] = [];
  let endTime = startTimeMs * 1000;
  for (const thread of samples.threads) {
    const threadNode = node(root, label(`(thread) ${thread.name}`), `thread:${thread.id}`);
    for (const stack of thread.stacks) {
      let parent = threadNode;
      // Frames are innermost first; the tree runs from the outermost.
      for (let i = stack.frames.length - 2; i >= 0; i -= 2) {
        const fn = samples.functions[stack.frames[i] as number];
        const line = stack.frames[i + 1] as number;
        const start = sources.resolve(fn?.file ?? '', fn?.line ?? 0);
        const frame: CallFrame = {
          functionName: fn?.name ?? '(unknown)',
          scriptId: '0',
          url: start.file,
          lineNumber: start.line - 1,
          columnNumber: -1,
        };
        parent = node(parent, frame, `${stack.frames[i]}`);
        if (i === 0) {
          const leaf = nodes[parent - 1] as ProfileNode;
          leaf.hitCount += stack.samples;
          const at = sources.resolve(fn?.file ?? '', line).line;
          leaf.positionTicks ??= [];
          const tick = leaf.positionTicks.find((t) => t.line === at);
          if (tick) tick.ticks += stack.samples;
          else if (at > 0) leaf.positionTicks.push({ line: at, ticks: stack.samples });
        }
      }
      const per = Math.round((stack.periods / Math.max(1, stack.samples)) * intervalUs);
      for (let k = 0; k < stack.samples; k++) {
        sampleIds.push(parent);
        deltas.push(per);
        endTime += per;
      }
    }
  }
  return { nodes, startTime: startTimeMs * 1000, endTime, samples: sampleIds, timeDeltas: deltas };
}

// A pprof profile as flame graph trees: per thread (its `thread` label) and merged. A frame
// is a function (every line of it together), as flame graphs show them; the value is timer
// periods, so a sample that stood for two periods weighs two.
import * as path from 'node:path';
import type { Profile } from 'pprof-format';
import type { FlameNode, FlamePageData, FlameThread } from './flame-data';

function child(parent: FlameNode, name: string, file: string): FlameNode {
  // Children are few per node; a linear search beats a map per node in memory.
  let node = parent.children.find((c) => c.name === name);
  if (node === undefined) {
    node = { name, value: 0, children: [], ...(file === '' ? {} : { file }) };
    parent.children.push(node);
  }
  return node;
}

function sortTree(node: FlameNode): void {
  node.children.sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : 1));
  for (const c of node.children) sortTree(c);
}

export function flameData(profile: Profile, generated = new Date()): FlamePageData {
  const strings = profile.stringTable.strings;
  const str = (index: number | bigint | undefined) => strings[Number(index ?? 0)] ?? '';
  const frames = new Map<number, { name: string; file: string }>();
  const functions = new Map(profile.function.map((f) => [Number(f.id), f]));
  for (const location of profile.location) {
    const fn = functions.get(Number(location.line[0]?.functionId ?? 0));
    const file = fn === undefined ? '' : str(fn.filename);
    const name = (fn === undefined ? '' : str(fn.name)) || '(anonymous)';
    const start = fn === undefined ? 0 : Number(fn.startLine);
    // Node's own modules by their name (node:internal/...), the program's by file name.
    const shown = file.startsWith('node:') ? file : path.basename(file);
    const where = file === '' ? '' : ` (${shown}${start > 0 ? `:${start}` : ''})`;
    frames.set(Number(location.id), { name: `${name}${where}`, file });
  }
  const period = Number(profile.period) || 1;
  const cpuIndex = profile.sampleType.findIndex((t) => str(t.type) === 'cpu');
  const threads = new Map<string, FlameThread>();
  const merged: FlameNode = { name: 'all threads', value: 0, children: [] };
  for (const sample of profile.sample) {
    const weight =
      cpuIndex >= 0
        ? Math.round(Number(sample.value[cpuIndex] ?? 0) / period)
        : Number(sample.value[0] ?? 0);
    if (weight <= 0) continue;
    let threadName = 'thread';
    let threadId = 0;
    for (const label of sample.label) {
      const key = str(label.key);
      if (key === 'thread') threadName = str(label.str);
      else if (key === 'thread_id') threadId = Number(label.num);
    }
    const key = `${threadName}\0${threadId}`;
    let thread = threads.get(key);
    if (thread === undefined) {
      thread = {
        name: threadName,
        id: threadId,
        root: { name: threadName, value: 0, children: [] },
      };
      threads.set(key, thread);
    }
    // The merged tree adds up the same stacks across threads (a pool's workers as one).
    let a = thread.root;
    let b = merged;
    a.value += weight;
    b.value += weight;
    // pprof lists a sample's locations innermost first; a flame graph grows from the root.
    for (let i = sample.locationId.length - 1; i >= 0; i--) {
      const frame = frames.get(Number(sample.locationId[i])) ?? { name: '(unknown)', file: '' };
      a = child(a, frame.name, frame.file);
      b = child(b, frame.name, frame.file);
      a.value += weight;
      b.value += weight;
    }
  }
  sortTree(merged);
  const list = [...threads.values()].sort((x, y) => x.id - y.id);
  for (const t of list) sortTree(t.root);
  return {
    sampler: profile.comment.map((c) => str(c)).join(' '),
    intervalUs: period / 1000,
    durationMs: Number(profile.durationNanos) / 1e6,
    threads: list,
    merged,
    generated: generated.toISOString(),
  };
}

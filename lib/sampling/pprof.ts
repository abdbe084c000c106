// Encodes aggregated samples as a gzipped pprof profile (sample types samples/count and
// cpu/nanoseconds, a `thread` label on every sample).
import { gzipSync } from 'node:zlib';
import {
  Label,
  Line,
  Location,
  Function as PFunction,
  Profile,
  Sample,
  StringTable,
  ValueType,
} from 'pprof-format';
import type { NativeSamples } from '../native';
import { SourceLocations } from './source-locations';

export interface PprofMeta {
  intervalUs: number;
  timer: string;
  startTimeMs: number;
  durationMs: number;
  /** Labels on every sample beside the thread's (service, version, process...). */
  labels?: Readonly<Record<string, string | number>>;
}

export function buildPprof(samples: NativeSamples, meta: PprofMeta): Profile {
  const strings = new StringTable();
  const sources = new SourceLocations();
  const functions: PFunction[] = [];
  const locations: Location[] = [];
  const functionIds = new Map<string, number>();
  const locationIds = new Map<string, number>();

  const functionId = (
    name: string,
    systemName: string,
    file: string,
    startLine: number,
  ): number => {
    const key = `${name}\0${file}\0${startLine}`;
    let id = functionIds.get(key);
    if (id === undefined) {
      id = functions.length + 1;
      functionIds.set(key, id);
      functions.push(
        new PFunction({
          id,
          name: strings.dedup(name),
          systemName: strings.dedup(systemName),
          filename: strings.dedup(file),
          startLine,
        }),
      );
    }
    return id;
  };
  const locationId = (nativeFunction: number, line: number): number => {
    const key = `${nativeFunction}:${line}`;
    let id = locationIds.get(key);
    if (id === undefined) {
      const fn = samples.functions[nativeFunction];
      const name = fn?.name ?? '(unknown)';
      // A native function's file is its ELF object (the node binary, a library), with no lines.
      const at = fn?.native ? { file: fn.file, line: 0 } : sources.resolve(fn?.file ?? '', line);
      const start = fn?.native ? at : sources.resolve(fn?.file ?? '', fn?.line ?? 0);
      id = locations.length + 1;
      locationIds.set(key, id);
      locations.push(
        new Location({
          id,
          line: [
            new Line({
              functionId: functionId(name, fn?.systemName ?? name, at.file, start.line),
              line: at.line,
            }),
          ],
        }),
      );
    }
    return id;
  };

  const intervalNs = meta.intervalUs * 1000;
  const threadKey = strings.dedup('thread');
  const threadIdKey = strings.dedup('thread_id');
  const sampleList: Sample[] = [];
  const common = Object.entries(meta.labels ?? {}).map(([key, value]) =>
    typeof value === 'number'
      ? new Label({ key: strings.dedup(key), num: value })
      : new Label({ key: strings.dedup(key), str: strings.dedup(value) }),
  );
  for (const thread of samples.threads) {
    const labels = [
      new Label({ key: threadKey, str: strings.dedup(thread.name) }),
      new Label({ key: threadIdKey, num: thread.id }),
      ...common,
    ];
    for (const stack of thread.stacks) {
      const ids: number[] = [];
      for (let i = 0; i + 1 < stack.frames.length; i += 2)
        ids.push(locationId(stack.frames[i] as number, stack.frames[i + 1] as number));
      sampleList.push(
        new Sample({
          locationId: ids,
          value: [stack.samples, stack.periods * intervalNs],
          label: labels,
        }),
      );
    }
  }
  const countType = new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') });
  const cpuType = new ValueType({ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') });
  const comment = strings.dedup(
    `causalprof: per-thread CPU-time sampling every ${meta.intervalUs}us by ${meta.timer}`,
  );
  return new Profile({
    sampleType: [countType, cpuType],
    sample: sampleList,
    location: locations,
    function: functions,
    stringTable: strings,
    timeNanos: BigInt(Math.round(meta.startTimeMs)) * 1_000_000n,
    durationNanos: BigInt(Math.round(meta.durationMs)) * 1_000_000n,
    periodType: new ValueType({ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') }),
    period: intervalNs,
    comment: [comment],
    defaultSampleType: strings.dedup('cpu'),
  });
}

export function encodePprof(profile: Profile): Buffer {
  return gzipSync(profile.encode());
}

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatExperiment,
  formatRecord,
  formatRecords,
  type ProfileRecord,
  parseProfile,
  readProfile,
} from '../lib/profile';

const COZ_FIXTURES = path.resolve(__dirname, '..', '..', 'shared', 'fixtures', 'coz');

const everyKind: ProfileRecord[] = [
  { type: 'startup', time: 1_700_000_000_000_000_000 },
  {
    type: 'experiment',
    selected: 'server.js:42',
    speedup: 0.35,
    duration: 512_000_000,
    selected_samples: 40,
    total_samples: 900,
    function: 'renderRow',
  },
  { type: 'throughput-point', name: 'request', delta: 120 },
  {
    type: 'latency-point',
    name: 'query',
    arrivals: 50,
    departures: 48,
    difference: -2,
    mean_in_flight: 3.25,
  },
  {
    type: 'experiment',
    selected: 'db.js:7',
    speedup: 0,
    duration: 500_000_000,
    selected_samples: 0,
  },
  { type: 'throughput-point', name: 'request', delta: 100 },
  { type: 'latency-point', name: 'query', arrivals: 40, departures: 40, difference: 0 },
  { type: 'runtime', time: 1_012_000_000 },
  { type: 'samples', location: 'server.js:42', count: 700 },
  { type: 'shutdown', time: 1_700_000_001_000_000_000, samples: 700 },
];

describe('writing JSON Lines', () => {
  it('writes "type" first, then Coz fields in Coz order, then our extensions', () => {
    expect(formatRecord(everyKind[1] as ProfileRecord)).toBe(
      '{"type":"experiment","selected":"server.js:42","speedup":0.35,"duration":512000000,' +
        '"selected_samples":40,"total_samples":900,"function":"renderRow"}\n',
    );
    expect(formatRecord(everyKind[3] as ProfileRecord)).toBe(
      '{"type":"latency-point","name":"query","arrivals":50,"departures":48,"difference":-2,' +
        '"mean_in_flight":3.25}\n',
    );
  });

  it('matches the Coz field spellings of the format note, leaving absent extensions out', () => {
    expect(formatRecord({ type: 'startup', time: 5 })).toBe('{"type":"startup","time":5}\n');
    expect(formatRecord(everyKind[4] as ProfileRecord)).toBe(
      '{"type":"experiment","selected":"db.js:7","speedup":0,"duration":500000000,"selected_samples":0}\n',
    );
    expect(formatRecord({ type: 'throughput-point', name: 'r', delta: 3 })).toBe(
      '{"type":"throughput-point","name":"r","delta":3}\n',
    );
    expect(formatRecord({ type: 'samples', location: 'a.js:1', count: 2 })).toBe(
      '{"type":"samples","location":"a.js:1","count":2}\n',
    );
    expect(formatRecord({ type: 'runtime', time: 7 })).toBe('{"type":"runtime","time":7}\n');
  });

  it('writes an experiment and its points as one block', () => {
    const [, experiment, throughput, latency] = everyKind;
    if (experiment?.type !== 'experiment') throw new Error('fixture order');
    const block = formatExperiment(experiment, [throughput, latency] as never);
    expect(block.split('\n')).toHaveLength(4);
    expect(block).toBe(formatRecords(everyKind.slice(1, 4)));
  });

  it('refuses numbers the reader would reject rather than writing them', () => {
    expect(() => formatRecord({ type: 'throughput-point', name: 'r', delta: Number.NaN })).toThrow(
      /"delta" is NaN/,
    );
    expect(() => formatRecord({ type: 'runtime', time: 1.5 })).toThrow(
      '"time" is 1.5, not an integer',
    );
  });

  it('escapes names so each record stays on one line', () => {
    const text = formatRecord({ type: 'throughput-point', name: 'a\n"b"\t', delta: 1 });
    expect(text.indexOf('\n')).toBe(text.length - 1);
    expect(
      parseProfile(`${formatRecord(everyKind[4] as ProfileRecord)}${text}`, 'p').records[1],
    ).toEqual({
      type: 'throughput-point',
      name: 'a\n"b"\t',
      delta: 1,
    });
  });
});

describe('round trip writer -> reader', () => {
  it('reads back every kind of record as written', () => {
    const profile = parseProfile(formatRecords(everyKind), 'p.coz');
    expect(profile.warnings).toEqual([]);
    expect(profile.records).toEqual(everyKind);
  });

  it('rewrites a real Coz profile as JSON Lines without losing a record', () => {
    const original = readProfile(path.join(COZ_FIXTURES, 'ferret.coz'));
    const again = parseProfile(formatRecords(original.records), 'ferret.jsonl');
    expect(again.records).toEqual(original.records);
  });
});

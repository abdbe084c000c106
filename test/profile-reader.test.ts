import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ExperimentRecord,
  groupExperiments,
  type Profile,
  ProfileError,
  ProfileFormatError,
  ProfileReadError,
  parseProfile,
  readProfile,
} from '../lib/profile';

// Real Coz profiles, read in place: CI clones the repo with shared/ beside it.
const COZ_FIXTURES = path.resolve(__dirname, '..', '..', 'shared', 'fixtures', 'coz');
const fixture = (name: string) => path.join(COZ_FIXTURES, name);

function countByType(profile: Profile): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of profile.records) counts[record.type] = (counts[record.type] ?? 0) + 1;
  return counts;
}

function experiments(profile: Profile): ExperimentRecord[] {
  return profile.records.filter((r): r is ExperimentRecord => r.type === 'experiment');
}

function formatError(text: string, source = 'p.coz'): ProfileFormatError {
  try {
    parseProfile(text, source);
  } catch (error) {
    if (error instanceof ProfileFormatError) return error;
    throw error;
  }
  throw new Error('expected a ProfileFormatError');
}

describe('reading Coz tab-separated profiles (fixtures)', () => {
  // Counts below were taken with `cut -f1 FILE | sort | uniq -c` on the fixtures.
  it('reads blackscholes.coz: every record, 2555 experiments of 44 sites', () => {
    const profile = readProfile(fixture('blackscholes.coz'));
    expect(profile.warnings).toEqual([]);
    expect(countByType(profile)).toEqual({
      startup: 50,
      experiment: 2555,
      'throughput-point': 2555,
      samples: 5586,
      runtime: 100,
      shutdown: 50,
    });
    // Lines 2-3 of the file.
    expect(profile.records[1]).toEqual({
      type: 'experiment',
      selected: 'parsec-2.1/pkgs/apps/blackscholes/obj/amd64-linux.gcc/blackscholes.m4.cpp:287',
      speedup: 0.85,
      duration: 94120166,
      selected_samples: 25,
    });
    expect(profile.records[2]).toEqual({
      type: 'throughput-point',
      name: 'blackscholes.m4.cpp:337',
      delta: 86,
    });
    expect(new Set(experiments(profile).map((e) => e.selected)).size).toBe(44);
    const groups = groupExperiments(profile.records);
    expect(groups).toHaveLength(2555);
    expect(groups.every((g) => g.points.length === 1)).toBe(true);
    expect(new Set(groups.map((g) => g.points[0]?.name))).toEqual(
      new Set(['blackscholes.m4.cpp:337']),
    );
    // Line 159: "shutdown\ttime=1415880356165907817\tsamples=348580".
    expect(profile.records.find((r) => r.type === 'shutdown')).toMatchObject({ samples: 348580 });
  });

  it('reads ferret.coz and unwraps the durations Coz wrote as unsigned negatives', () => {
    const profile = readProfile(fixture('ferret.coz'));
    expect(countByType(profile)).toMatchObject({ experiment: 335, 'throughput-point': 335 });
    expect(new Set(experiments(profile).map((e) => e.selected)).size).toBe(6);
    // Line 160: duration=18446744073705875774, which is 2^64 - 3675842.
    const wrapped = experiments(profile).find((e) => e.selected_samples === 2099);
    expect(wrapped).toMatchObject({
      selected: 'parsec-2.1/pkgs/apps/ferret/obj/amd64-linux.llvm/benchmark/ferret-parallel.c:357',
      speedup: 1,
      duration: -3675842,
    });
    expect(experiments(profile).filter((e) => e.duration < 0)).toHaveLength(5);
  });

  it('reads memcached.coz: one site, one progress point, six runs', () => {
    const profile = readProfile(fixture('memcached.coz'));
    expect(countByType(profile)).toMatchObject({ experiment: 1109, startup: 6, samples: 10412 });
    expect(new Set(experiments(profile).map((e) => e.selected))).toEqual(new Set(['thread.c:528']));
    const names = new Set(
      groupExperiments(profile.records).flatMap((g) => g.points.map((p) => p.name)),
    );
    expect(names).toEqual(new Set(['memcached.c:3641']));
  });
});

describe('reading JSON Lines', () => {
  it('reads our records and Coz JSON spellings (underscored point types), ignoring blank lines and CRs', () => {
    const text = [
      '{"type":"startup","time":1}',
      '',
      '{"type":"experiment","selected":"a.js:3","speedup":0.25,"duration":100,"selected_samples":2}\r',
      '{"type":"throughput_point","name":"work","delta":7}',
      '{"type":"latency_point","name":"req","arrivals":5,"departures":4,"difference":1}',
      '   ',
      '{"type":"runtime","time":9}',
      '',
    ].join('\n');
    const profile = parseProfile(text, 'p.coz');
    expect(profile.warnings).toEqual([]);
    expect(profile.records.map((r) => r.type)).toEqual([
      'startup',
      'experiment',
      'throughput-point',
      'latency-point',
      'runtime',
    ]);
    expect(profile.records[3]).toEqual({
      type: 'latency-point',
      name: 'req',
      arrivals: 5,
      departures: 4,
      difference: 1,
    });
  });

  it('keeps the exact digits of 64-bit values that JSON.parse would round', () => {
    const text =
      '{"type":"experiment","selected":"a.js:3","speedup":1,"duration":18446744073705875774,"selected_samples":0}\n' +
      '{"type":"latency-point","name":"req","arrivals":5,"departures":8,"difference":18446744073709551613}\n';
    const records = parseProfile(text, 'p.coz').records;
    expect(records[0]).toMatchObject({ duration: -3675842 });
    expect(records[1]).toMatchObject({ difference: -3 });
  });

  it('accepts both formats in one file', () => {
    const text =
      'startup\ttime=5\n' +
      '{"type":"experiment","selected":"a.js:3","speedup":0,"duration":100,"selected_samples":2}\n' +
      'progress-point\tname=work\ttype=source\tdelta=7\n';
    expect(parseProfile(text, 'p.coz').records).toHaveLength(3);
  });
});

describe('damaged profiles', () => {
  const experiment =
    '{"type":"experiment","selected":"a.js:3","speedup":0.5,"duration":100,"selected_samples":2}';

  it('names the file and line of a bad JSON line in the middle', () => {
    const error = formatError(
      ['{"type":"startup","time":1}', experiment, '{"type":"throughput-point",', experiment].join(
        '\n',
      ),
      'bad.coz',
    );
    expect(error).toBeInstanceOf(ProfileError);
    expect(error.file).toBe('bad.coz');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^bad\.coz:3: not valid JSON \(/);
    expect(error.message).not.toContain('\n');
  });

  it('says which field is missing, in either format', () => {
    expect(
      formatError(
        '{"type":"startup","time":1}\n{"type":"experiment","selected":"a.js:1","duration":5,"selected_samples":1}\n',
      ).message,
    ).toBe('p.coz:2: experiment line has no "speedup"');
    expect(
      formatError('experiment\tselected=a.c:1\tduration=5\tselected-samples=1\n').message,
    ).toBe('p.coz:1: experiment line has no "speedup"');
  });

  it('rejects a progress line with no experiment before it', () => {
    expect(
      formatError(
        '{"type":"startup","time":1}\n{"type":"throughput-point","name":"work","delta":3}\n',
      ).message,
    ).toBe('p.coz:2: throughput-point line "work" has no experiment before it');
    // Samples records end an experiment's block, as in Coz's files.
    expect(
      formatError(
        `${experiment}\nsamples\tlocation=a.c:1\tcount=3\nprogress-point\tname=w\tdelta=1\n`,
      ).line,
    ).toBe(3);
  });

  it('rejects lines that are neither format, values of the wrong kind, and impossible values', () => {
    expect(formatError('hello world\n', 'x.coz').message).toBe(
      'x.coz:1: not JSON and not a Coz tab-separated record',
    );
    expect(
      formatError('experiment\tselected=a.c:1\tspeedup=fast\tduration=5\tselected-samples=1\n')
        .message,
    ).toBe('p.coz:1: experiment line: "speedup" is not a number ("fast")');
    expect(formatError('experiment\tselected=a.c:1\tspeedup\n').message).toBe(
      'p.coz:1: field "speedup" is not key=value',
    );
    expect(
      formatError(
        '{"type":"experiment","selected":"a.js:1","speedup":1.5,"duration":5,"selected_samples":1}\n',
      ).message,
    ).toBe('p.coz:1: experiment line has a "speedup" outside 0..1 (1.5)');
    expect(
      formatError(`${experiment}\n{"type":"throughput-point","name":"w","delta":-2}\n`).message,
    ).toBe('p.coz:2: throughput-point line has a negative "delta" (-2)');
    expect(
      formatError(`${experiment}\n{"type":"throughput-point","name":"w","delta":"7"}\n`).message,
    ).toBe('p.coz:2: throughput-point line has a "delta" that is not an integer ("7")');
    expect(
      formatError(
        `${experiment}\n{"type":"throughput-point","name":"w","delta":1}\n{"type":"throughput-point","name":"w","delta":1}\n`,
      ).message,
    ).toBe('p.coz:3: progress point "w" appears twice after one experiment');
  });

  it('skips a truncated last line (no final newline) with a warning', () => {
    const text = `{"type":"startup","time":1}\n${experiment}\n{"type":"throughput-point","name":"wo`;
    const profile = parseProfile(text, 'p.coz');
    expect(profile.records.map((r) => r.type)).toEqual(['startup', 'experiment']);
    expect(profile.warnings).toHaveLength(1);
    expect(profile.warnings[0]).toMatch(/^p\.coz:3: last line is incomplete \(not valid JSON/);
    // Same for the tab-separated format.
    const tab = parseProfile('startup\ttime=1\nexperiment\tselected=a.c:1\tspee', 'q.coz');
    expect(tab.records).toHaveLength(1);
    expect(tab.warnings[0]).toMatch(/^q\.coz:2: last line is incomplete/);
  });

  it('treats a damaged last line that did end with a newline as damage', () => {
    expect(formatError(`${experiment}\n{"type":"throughput-point","name":"wo\n`).line).toBe(2);
  });

  it('recovers when the next run appended its startup to a line cut off by a crash', () => {
    const text = `${experiment}\n{"type":"throughput-point","na{"type":"startup","time":42}\n${experiment}\n`;
    const profile = parseProfile(text, 'p.coz');
    expect(profile.records.map((r) => r.type)).toEqual(['experiment', 'startup', 'experiment']);
    expect(profile.records[1]).toEqual({ type: 'startup', time: 42 });
    expect(profile.warnings[0]).toMatch(/^p\.coz:2: a record cut off mid-write/);
  });

  it('skips records of unknown type with one warning per type', () => {
    const text = `${experiment}\n{"type":"heartbeat","n":1}\n{"type":"heartbeat","n":2}\n{"type":"throughput-point","name":"w","delta":1}\n`;
    const profile = parseProfile(text, 'p.coz');
    expect(profile.records).toHaveLength(2);
    expect(profile.warnings).toEqual([
      'p.coz:2: unknown record type "heartbeat" (2 lines); skipped',
    ]);
  });

  it('reports a missing file as a ProfileReadError, not a stack trace', () => {
    const missing = path.join(COZ_FIXTURES, 'no-such-profile.coz');
    expect(() => readProfile(missing)).toThrow(ProfileReadError);
    expect(() => readProfile(missing)).toThrow(`${missing}: cannot read profile: no such file`);
  });
});

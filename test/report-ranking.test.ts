import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatRecords,
  type Profile,
  type ProfileRecord,
  parseProfile,
  readProfile,
} from '../lib/profile';
import { buildReport, ReportError, renderReport } from '../lib/report';

const COZ_FIXTURES = path.resolve(__dirname, '..', '..', 'shared', 'fixtures', 'coz');

const P0 = 1_000_000;

/** Experiments on `site` whose period is P0 x (1 - gain x s), `perSpeedup` at each speedup. */
function siteRecords(
  site: string,
  gain: number,
  speedups: number[],
  perSpeedup = 2,
  point = 'work',
): ProfileRecord[] {
  return speedups.flatMap((speedup) =>
    Array.from({ length: perSpeedup }, (): ProfileRecord[] => [
      {
        type: 'experiment',
        selected: site,
        speedup,
        duration: Math.round(100 * P0 * (1 - gain * speedup)),
        selected_samples: 1,
      },
      { type: 'throughput-point', name: point, delta: 100 },
    ]).flat(),
  );
}

function profileOf(records: ProfileRecord[], source = 'p.coz'): Profile {
  return { source, records, warnings: [] };
}

describe('merging profiles', () => {
  it('two files give the same sites as one file holding both', () => {
    const first: ProfileRecord[] = [
      { type: 'startup', time: 1 },
      ...siteRecords('a.js:1', 0.8, [0, 0.25, 0.5]),
      ...siteRecords('b.js:2', 0.1, [0, 0.5]),
      { type: 'samples', location: 'a.js:1', count: 40 },
      { type: 'samples', location: 'b.js:2', count: 60 },
    ];
    const second: ProfileRecord[] = [
      { type: 'startup', time: 2 },
      ...siteRecords('a.js:1', 0.8, [0, 0.75]),
      ...siteRecords('b.js:2', 0.1, [0.25, 1]),
      { type: 'samples', location: 'a.js:1', count: 10 },
    ];
    const a = parseProfile(formatRecords(first), 'a.coz');
    const b = parseProfile(formatRecords(second), 'b.coz');
    const both = parseProfile(formatRecords(first) + formatRecords(second), 'both.coz');
    const merged = buildReport([a, b]);
    const single = buildReport([both]);
    expect(merged.sites).toEqual(single.sites);
    expect(merged.experimentsRead).toBe(single.experimentsRead);
    // And the merge really pooled both: a.js:1 has speedups from each file.
    expect(merged.sites.find((s) => s.site === 'a.js:1')?.rows.map((r) => r.speedup)).toEqual([
      0, 0.25, 0.5, 0.75,
    ]);
    // Samples: (40 + 10) of (100 + 10).
    expect(merged.sites.find((s) => s.site === 'a.js:1')?.rows[1]?.scaledSamples).toBeCloseTo(
      0.25 * (50 / 110),
      12,
    );
  });

  it('a real profile split at a run boundary merges back to the whole', () => {
    const whole = readProfile(path.join(COZ_FIXTURES, 'blackscholes.coz'));
    const starts = whole.records.flatMap((r, i) => (r.type === 'startup' ? [i] : []));
    const cut = starts[20] as number;
    const parts = [
      profileOf(whole.records.slice(0, cut), 'first'),
      profileOf(whole.records.slice(cut), 'second'),
    ];
    expect(buildReport(parts).sites).toEqual(buildReport([whole]).sites);
  });
});

describe('trust and ranking', () => {
  it('ranks trusted sites by impact, then untrusted ones after them however steep', () => {
    // Per-site baselines, so that no-baseline.js:2 really has none (pooled, it would borrow).
    const report = buildReport(
      [
        profileOf([
          ...siteRecords('steep-but-few.js:1', 1, [0, 0.5], 1),
          ...siteRecords('no-baseline.js:2', 1, [0.25, 0.5, 0.75]),
          ...siteRecords('one-speedup.js:3', 1, [0, 0.5], 3),
          ...siteRecords('mild.js:4', 0.2, [0, 0.25, 0.5, 0.75]),
          ...siteRecords('medium.js:5', 0.5, [0, 0.25, 0.5, 0.75]),
        ]),
      ],
      { baseline: 'per-site' },
    );
    expect(report.sites.map((s) => [s.site, s.trusted])).toEqual([
      ['medium.js:5', true],
      ['mild.js:4', true],
      ['one-speedup.js:3', false],
      ['steep-but-few.js:1', false],
      ['no-baseline.js:2', false],
    ]);
    const reasons = Object.fromEntries(report.sites.map((s) => [s.site, s.untrustedReasons]));
    expect(reasons['steep-but-few.js:1']).toEqual([
      'too few experiments: 2 of 5 needed',
      '1 usable non-zero speedups of 2 needed',
    ]);
    expect(reasons['no-baseline.js:2']).toEqual([
      'no baseline at 0%',
      '0 usable non-zero speedups of 2 needed',
    ]);
    expect(reasons['one-speedup.js:3']).toEqual(['1 usable non-zero speedups of 2 needed']);
    // Without a baseline there is no curve at all.
    expect(report.sites[4]?.impact).toBeNull();
  });

  it('orders the same whatever order the experiments come in', () => {
    const records = [
      ...siteRecords('x.js:1', 0.5, [0, 0.5, 1]),
      ...siteRecords('y.js:1', 0.5, [0, 0.5, 1]),
      ...siteRecords('z.js:1', 0.7, [0, 0.5, 1]),
    ];
    const pairs: ProfileRecord[][] = [];
    for (let i = 0; i < records.length; i += 2) pairs.push(records.slice(i, i + 2));
    const reversed = pairs.reverse().flat();
    const order = (r: ProfileRecord[]) => buildReport([profileOf(r)]).sites.map((s) => s.site);
    // x and y tie on impact: names decide.
    expect(order(records)).toEqual(['z.js:1', 'x.js:1', 'y.js:1']);
    expect(order(reversed)).toEqual(['z.js:1', 'x.js:1', 'y.js:1']);
  });
});

describe('several progress points', () => {
  const records = [
    ...siteRecords('a.js:1', 0.8, [0, 0.5, 1], 3, 'requests'),
    ...siteRecords('a.js:1', 0.2, [0, 0.5, 1], 3, 'batches'),
  ];

  it('shows each site once per progress point by default', () => {
    const report = buildReport([profileOf(records)]);
    expect(report.progressPoints).toEqual(['batches', 'requests']);
    expect(report.sites.map((s) => [s.site, s.progressPoint])).toEqual([
      ['a.js:1', 'requests'],
      ['a.js:1', 'batches'],
    ]);
  });

  it('shows only the point asked for, and names the choices when it does not exist', () => {
    const report = buildReport([profileOf(records)], { progressPoint: 'batches' });
    expect(report.progressPoints).toEqual(['batches']);
    expect(report.sites.map((s) => s.progressPoint)).toEqual(['batches']);
    expect(() => buildReport([profileOf(records)], { progressPoint: 'nope' })).toThrow(ReportError);
    expect(() => buildReport([profileOf(records)], { progressPoint: 'nope' })).toThrow(
      'no progress point "nope" in the profiles; they have "batches", "requests"',
    );
  });
});

describe('profiles with nothing to show', () => {
  it('says plainly that there were no experiments, and why that usually happens', () => {
    const report = buildReport([
      profileOf(
        [
          { type: 'startup', time: 1 },
          { type: 'runtime', time: 5 },
          { type: 'samples', location: 'a.js:1', count: 400 },
        ],
        'empty.coz',
      ),
    ]);
    const text = renderReport(report, 'text');
    expect(text).toMatch(/^No experiments in empty\.coz\./);
    expect(text).toContain('no progress point was reached');
    expect(text).toContain("progress('name') from 'causalprof'");
    expect(text).not.toContain('speedup ');
    const json = JSON.parse(renderReport(report, 'json'));
    expect(json.sites).toEqual([]);
    expect(json.experiments).toBe(0);
    expect(json.message).toContain("progress('name')");
  });

  it('says why when experiments exist but none could be used', () => {
    const report = buildReport([
      profileOf([
        { type: 'experiment', selected: 'a.js:1', speedup: 0, duration: 1e8, selected_samples: 0 },
        { type: 'throughput-point', name: 'work', delta: 2 },
      ]),
    ]);
    expect(renderReport(report, 'text')).toMatch(
      /^1 experiment in p\.coz, but none could be used: 1 measurement reached the progress point fewer than 5 times\./,
    );
  });
});

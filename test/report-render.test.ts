import { describe, expect, it } from 'vitest';
import { formatRecords, type Profile, type ProfileRecord, parseProfile } from '../lib/profile';
import { buildReport, type Report, renderReport } from '../lib/report';

const P0 = 9_806_000;

/** renderRow() at server.js:42, two experiments per speedup at these fractions of P0. */
function serverRecords(): ProfileRecord[] {
  const records: ProfileRecord[] = [{ type: 'startup', time: 1 }];
  const runs: [number, number][] = [
    [0, 1],
    [0, 1],
    [0.25, 0.744],
    [0.25, 0.74],
    [0.5, 0.51],
    [0.5, 0.508],
  ];
  for (const [speedup, fraction] of runs) {
    records.push(
      {
        type: 'experiment',
        selected: 'server.js:42',
        speedup,
        duration: Math.round(100 * P0 * fraction),
        selected_samples: 33,
        total_samples: 50,
        function: 'renderRow',
      },
      { type: 'throughput-point', name: 'request', delta: 100 },
    );
  }
  records.push(
    {
      type: 'experiment',
      selected: 'db.js:7',
      speedup: 0.5,
      duration: Math.round(100 * P0 * 0.98),
      selected_samples: 3,
    },
    { type: 'throughput-point', name: 'request', delta: 100 },
  );
  return records;
}

function serverProfile(): Profile {
  // Cut off mid-write, as by a crash: the report carries the reader's warning.
  return parseProfile(`${formatRecords(serverRecords())}{"type":"samp`, 'server.coz');
}

function serverReport(): Report {
  return buildReport([serverProfile()]);
}

describe('text report', () => {
  it('shows ranked sites with their speedup tables, untrusted ones after, then warnings', () => {
    const lines = renderReport(serverReport(), 'text').split('\n');
    expect(lines.slice(0, 10)).toEqual([
      '7 experiments in server.coz; progress point "request"',
      "Each experiment is compared with its run's 0% experiments around the same time (--baseline pooled: over the whole run; per-site: each line's own, as Coz).",
      "Change: time per visit against the baseline (negative is faster, for latency points too); scaled samples: what a sampling profile predicts, the line's share of undelayed samples x its speedup.",
      'Settled: server.js:42 leads with slope 0.99 [0.98, 1.00].',
      '',
      'server.js:42  renderRow()  impact 0.25   slope 0.99 [0.98, 1.00]  (6 experiments)',
      ' speedup    time/visit    change      95% interval  scaled samples',
      '      0%     9806000ns        --                              0.0%  2 exp.',
      '     25%     7276052ns    -25.8%    [-26.4, -25.2]           16.5%  2 exp.',
      '     50%     4991254ns    -49.1%    [-49.5, -48.7]           33.0%  2 exp.',
    ]);
    expect(lines[11]).toMatch(/^Not ranked: too little usable data/);
    // db.js:7 has no 0% experiment of its own: it is measured against server.js:42's.
    expect(lines[13]).toMatch(
      /^db\.js:7 +impact 0\.01 {3}slope 0\.04 \[0\.02, 0\.06\] {2}\(untrusted: too few experiments: 1 of 5 needed; 1 usable non-zero speedups of 2 needed\)$/,
    );
    expect(lines[15]).toBe(
      '      0%     9806000ns        --                                --  2 exp.',
    );
    expect(lines[16]).toBe(
      '     50%     9609880ns     -2.0%      [-3.0, -1.0]              --  1 exp.',
    );
    expect(lines[18]).toMatch(/^warning: server\.coz:16: last line is incomplete/);
  });

  it("with Coz's per-line baselines, a line without 0% experiments of its own has no curve", () => {
    const text = renderReport(buildReport([serverProfile()], { baseline: 'per-site' }), 'text');
    const lines = text.split('\n');
    expect(lines[1]).toBe(
      'Measurements left out: 1 in runs with no 0% experiment to compare them with.',
    );
    expect(lines[2]).toBe(
      "Each experiment is compared with its line's own 0% experiments, as in Coz's viewer.",
    );
    expect(lines[14]).toMatch(
      /^db\.js:7 +impact -- {3}slope -- {2}\(untrusted: too few experiments: 1 of 5 needed; no baseline at 0%; /,
    );
    expect(lines[16]).toBe(
      '     50%     9609880ns        --                                --  1 exp.',
    );
  });

  it('names the progress point of each site when there are several', () => {
    // The same experiments again, measured against a second point, "page".
    const records = serverRecords();
    const second = records
      .filter((r) => r.type === 'experiment' || r.type === 'throughput-point')
      .map((r) => (r.type === 'throughput-point' ? { ...r, name: 'page' } : r));
    const report = buildReport([parseProfile(formatRecords([...records, ...second]), 's.coz')]);
    const text = renderReport(report, 'text');
    expect(text).toContain('progress points "page", "request"');
    expect(text).toContain('server.js:42  renderRow()  [request]  impact 0.25');
    expect(text).toMatch(/\nserver\.js:42 {2}renderRow\(\) {2}\[page\] +impact 0\.25 /);
  });

  it('marks outliers left out of the curve', () => {
    const records: ProfileRecord[] = [];
    for (const [speedup, period] of [
      [0, 1e6],
      [0, 1e6],
      [0.5, 5e5],
      [0.5, 5e5],
      [1, 3e7],
    ] as const) {
      records.push(
        {
          type: 'experiment',
          selected: 'a.js:1',
          speedup,
          duration: 100 * period,
          selected_samples: 0,
        },
        { type: 'throughput-point', name: 'w', delta: 100 },
      );
    }
    const text = renderReport(buildReport([{ source: 'a', records, warnings: [] }]), 'text');
    expect(text).toContain(
      '    100%    30000000ns  +2900.0%  [2900.0, 2900.0]              --  1 exp.  (outlier, left out of the curve)',
    );
  });
});

describe('JSON report', () => {
  it('gives fractions, sites in rank order, and the rows of each', () => {
    const json = JSON.parse(renderReport(serverReport(), 'json'));
    expect(json.experiments).toBe(7);
    expect(json.progressPoints).toEqual(['request']);
    expect(json.sites.map((s: { site: string }) => s.site)).toEqual(['server.js:42', 'db.js:7']);
    const [server, db] = json.sites;
    expect(server).toMatchObject({
      site: 'server.js:42',
      function: 'renderRow',
      progressPoint: 'request',
      kind: 'own',
      pointKind: 'throughput',
      experiments: 6,
      trusted: true,
      untrustedReasons: [],
    });
    // Points (0, 0), (0.25, 1 - sqrt(0.744 x 0.74)), (0.5, 1 - sqrt(0.51 x 0.508)): the
    // trapezoid area over a range of 0.5.
    const e25 = 1 - Math.sqrt(0.744 * 0.74);
    const e50 = 1 - Math.sqrt(0.51 * 0.508);
    expect(server.impact).toBeCloseTo(((e25 / 2) * 0.25 + ((e25 + e50) / 2) * 0.25) / 0.5, 6);
    expect(server.rows).toHaveLength(3);
    expect(server.rows[1]).toMatchObject({ speedup: 0.25, experiments: 2, used: true });
    expect(server.rows[1].nsPerVisit).toBeCloseTo(P0 * 0.742, 0);
    // Against the baseline's geometric mean (both 0% experiments are P0) and the 25% pair's.
    expect(server.rows[1].programSpeedup).toBeCloseTo(1 - Math.sqrt(0.744 * 0.74), 6);
    expect(server.rows[1].low).toBeLessThan(server.rows[1].programSpeedup);
    expect(server.rows[1].high).toBeGreaterThan(server.rows[1].programSpeedup);
    // 0.25 x 33/50.
    expect(server.rows[1].scaledSamples).toBeCloseTo(0.165, 12);
    // Measured against the pooled baseline: (0, 0) and (0.5, 0.02).
    expect(db).toMatchObject({ function: null, trusted: false, experiments: 1 });
    expect(db.impact).toBeCloseTo(0.01, 6);
    expect(db.slope).toBeCloseTo(0.04, 6);
    expect(json.baseline).toBe('trend');
    expect(json.warnings).toHaveLength(1);
    expect(json.message).toBeUndefined();
  });

  it('shows control characters of names as escapes, never raw on the terminal', () => {
    const hostile = '\x1b]0;owned\x07x\r.js:42';
    const records = serverRecords().map((r) =>
      r.type === 'experiment' && r.selected === 'server.js:42' ? { ...r, selected: hostile } : r,
    );
    const text = renderReport(buildReport([parseProfile(formatRecords(records), 'h.coz')]), 'text');
    expect(text).toContain('\\x1b]0;owned\\x07x\\x0d.js:42');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });
});

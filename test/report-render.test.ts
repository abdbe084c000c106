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
    expect(lines.slice(0, 8)).toEqual([
      '7 experiments in server.coz; progress point "request"',
      "Baselines: every 0% experiment, pooled (--baseline per-site: each line's own, as Coz).",
      '',
      'server.js:42  renderRow()  impact 0.25   slope 0.98 ± 0.01  (6 experiments)',
      ' speedup    time/visit    change    scaled samples',
      '      0%     9806000ns        --              0.0%',
      '     25%     7276052ns    -25.8%             16.5%',
      '     50%     4991254ns    -49.1%             33.0%',
    ]);
    expect(lines[9]).toMatch(/^Not ranked: too little usable data/);
    // db.js:7 has no 0% experiment of its own: it is measured against server.js:42's.
    expect(lines[11]).toMatch(
      /^db\.js:7 +impact 0\.01 {3}slope 0\.04 ± 0\.00 {2}\(untrusted: too few experiments: 1 of 5 needed; 1 usable non-zero speedups of 2 needed\)$/,
    );
    expect(lines[13]).toBe('      0%     9806000ns        --              0.0%');
    expect(lines[14]).toBe('     50%     9609880ns     -2.0%                --');
    expect(lines[16]).toMatch(/^warning: server\.coz:16: last line is incomplete/);
  });

  it("with Coz's per-line baselines, a line without 0% experiments of its own has no curve", () => {
    const text = renderReport(buildReport([serverProfile()], { baseline: 'per-site' }), 'text');
    const lines = text.split('\n');
    expect(lines[1]).toBe("Baselines: each line's own 0% experiments, as in Coz's viewer.");
    expect(lines[11]).toMatch(
      /^db\.js:7 +impact -- {3}slope -- {2}\(untrusted: too few experiments: 1 of 5 needed; no baseline at 0%; /,
    );
    expect(lines[13]).toBe('     50%     9609880ns        --                --');
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
      '    100%    30000000ns  +2900.0%                --  (outlier, left out of the curve)',
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
      kind: 'throughput',
      experiments: 6,
      trusted: true,
      untrustedReasons: [],
    });
    // Points (0, 0) (0.25, 0.258) (0.5, 0.491): area 0.125875 over a range of 0.5.
    expect(server.impact).toBeCloseTo(0.25175, 9);
    expect(server.rows).toHaveLength(3);
    expect(server.rows[1]).toMatchObject({ speedup: 0.25, experiments: 2, used: true });
    expect(server.rows[1].nsPerVisit).toBeCloseTo(P0 * 0.742, 0);
    expect(server.rows[1].programSpeedup).toBeCloseTo(0.258, 9);
    // 0.25 x 33/50.
    expect(server.rows[1].scaledSamples).toBeCloseTo(0.165, 12);
    // Measured against the pooled baseline: (0, 0) and (0.5, 0.02).
    expect(db).toMatchObject({ function: null, trusted: false, experiments: 1 });
    expect(db.impact).toBeCloseTo(0.01, 12);
    expect(db.slope).toBeCloseTo(0.04, 12);
    expect(json.baseline).toBe('pooled');
    expect(json.warnings).toHaveLength(1);
    expect(json.message).toBeUndefined();
  });
});

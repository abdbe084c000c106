// What the HTML report is built from, without a browser: the run and progress-point
// summaries in the report's model, the page's sorting and filtering, and the embedding of
// hostile strings in the page's JSON.
import { describe, expect, it } from 'vitest';
import { jsonForScript } from '../lib/html/document';
import { formatRecords, type ProfileRecord, parseProfile } from '../lib/profile';
import { buildReport } from '../lib/report';
import { reportJson } from '../lib/report/json';
import { defaultViewState, visibleSites } from '../page/report/view-state';

function profile(): ProfileRecord[] {
  const records: ProfileRecord[] = [
    {
      type: 'startup',
      time: Date.UTC(2026, 11, 2, 12) * 1e6,
      cores: 2,
      seed: 7,
      command: 'node app.js',
      cwd: '/srv/app',
      node: 'v22.12.0',
      sampler: 'perf-task-clock',
      interval_us: 1000,
    },
  ];
  for (let i = 0; i < 12; i++) {
    const speedup = [0, 0.25, 0.5][i % 3] as number;
    for (const [site, slope] of [
      ['app.js:10', 1],
      ['lib/zip.js:3', 0],
    ] as const) {
      records.push(
        {
          type: 'experiment',
          selected: site,
          speedup,
          duration: 1e9,
          selected_samples: 10,
          start_time: i * 2e9,
          wall_duration: 1e9,
        },
        { type: 'throughput-point', name: 'job', delta: Math.round(500 * (1 + slope * speedup)) },
      );
    }
  }
  records.push(
    { type: 'runtime', time: 25e9, undelayed_samples: 1000, threads: 3 },
    { type: 'samples', location: 'app.js:10', count: 300, undelayed: 300 },
    { type: 'samples', location: 'lib/zip.js:3', count: 600, undelayed: 600 },
  );
  return records;
}

describe('the HTML report model', () => {
  const report = buildReport([parseProfile(formatRecords(profile()), 'app.coz')]);

  it('says what ran, for how long, on what, and each point visit rate', () => {
    expect(report.runs).toEqual([
      {
        source: 'app.coz',
        started: '2026-12-02T12:00:00.000Z',
        seconds: 25,
        experiments: 24,
        command: 'node app.js',
        cwd: '/srv/app',
        node: 'v22.12.0',
        sampler: 'perf-task-clock',
        intervalUs: 1000,
        cores: 2,
        seed: 7,
        threads: 3,
        pid: null,
      },
    ]);
    // 24 experiments of 1 s; visits 500, 625 and 750 for the first site, 500 for the other.
    const visits = 4 * (500 + 625 + 750) + 12 * 500;
    expect(report.points).toEqual([
      { name: 'job', kind: 'throughput', experiments: 24, visits, perSecond: visits / 24 },
    ]);
    expect(reportJson(report).runs).toEqual(report.runs);
  });

  it('gives each site its share of the undelayed samples', () => {
    const share = (site: string) => report.sites.find((s) => s.site === site)?.sampleShare;
    expect(share('app.js:10')).toBeCloseTo(0.3, 10);
    expect(share('lib/zip.js:3')).toBeCloseTo(0.6, 10);
  });

  it('sorts and filters as the page does', () => {
    const ranked = report.sites.map((site, i) => ({ rank: i + 1, site }));
    expect(ranked[0]?.site.site).toBe('app.js:10'); // the one with the effect ranks first
    const state = defaultViewState();
    expect(visibleSites(ranked, state).map((r) => r.rank)).toEqual([1, 2]);
    state.sort = 'samples';
    state.descending = true;
    expect(visibleSites(ranked, state).map((r) => r.site.site)).toEqual([
      'lib/zip.js:3',
      'app.js:10',
    ]);
    state.text = 'ZIP';
    expect(visibleSites(ranked, state).map((r) => r.site.site)).toEqual(['lib/zip.js:3']);
    state.text = '';
    state.minExperiments = 13;
    expect(visibleSites(ranked, state)).toEqual([]);
    state.minExperiments = 0;
    state.kinds.delete('own');
    expect(visibleSites(ranked, state)).toEqual([]);
  });

  it('embeds strings so that none can end the script element', () => {
    const nasty = { site: '</script><img src=x onerror=alert(1)>', sep: '\u2028\u2029' };
    const text = jsonForScript(nasty);
    expect(text).not.toMatch(/<|\u2028|\u2029/);
    expect(JSON.parse(text)).toEqual(nasty);
  });
});

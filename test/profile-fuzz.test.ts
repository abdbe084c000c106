// The profile reader on damaged input: a seeded mutation fuzzer over real profiles (Coz's
// own, and one of ours). Every mutant either reads (and reports, in every format) or fails
// with a ProfileFormatError naming the file and line, one line: never another exception.
// Bounded for `npm test` (MUTANTS per profile); FUZZ_MUTANTS=100000 runs a longer pass.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRandom } from '../lib/causal/policy';
import {
  formatRecords,
  ProfileFormatError,
  type ProfileRecord,
  parseProfile,
} from '../lib/profile';
import { buildReport, renderReport } from '../lib/report';
import { ROOT } from './helpers/profile';

const MUTANTS = Number(process.env.FUZZ_MUTANTS || 1500);
const COZ_FIXTURES = path.resolve(ROOT, '..', 'shared', 'fixtures', 'coz');

function ours(): string {
  const records: ProfileRecord[] = [
    {
      type: 'startup',
      time: 1,
      cores: 2,
      seed: 3,
      command: 'node app.js',
      cwd: '/srv',
      node: 'v20',
      sampler: 'perf-task-clock',
      interval_us: 1000,
    },
  ];
  for (let i = 0; i < 9; i++) {
    const speedup = [0, 0.25, 0.5][i % 3] as number;
    records.push(
      {
        type: 'experiment',
        selected: 'app.js:3',
        speedup,
        duration: 1e9,
        selected_samples: 5,
        total_samples: 9,
        function: 'f',
        start_time: i * 1e9,
        wall_duration: 1e9,
        program_cpu: 1e9,
        outside_cpu: 0,
        steal: 0,
        unpaid_delay: 0,
      },
      {
        type: 'latency-point',
        name: 'req',
        arrivals: 100,
        departures: 100 + i,
        difference: 1,
        mean_in_flight: 1.5,
      },
      { type: 'throughput-point', name: 'job', delta: 50 + i },
    );
  }
  records.push(
    { type: 'runtime', time: 9e9, undelayed_samples: 90, threads: 2 },
    { type: 'samples', location: 'app.js:3', count: 40, undelayed: 30 },
  );
  return formatRecords(records);
}

const JUNK = [
  '\0',
  '\t',
  '"',
  '{',
  '}',
  ':',
  ',',
  '=',
  '-',
  '1e309',
  '-1',
  'NaN',
  '9007199254740993',
  '\u2028',
  '\x1b[2J',
  '\\',
  'null',
  '[]',
  '0.5',
  '\n',
];

function mutate(text: string, random: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  let out = text;
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (out.length + 1));
    switch (Math.floor(random() * 6)) {
      case 0: // a character replaced
        out = out.slice(0, at) + pick(JUNK) + out.slice(at + 1);
        break;
      case 1: // a span deleted
        out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 40));
        break;
      case 2: // junk inserted
        out = out.slice(0, at) + pick(JUNK) + out.slice(at);
        break;
      case 3: // cut short: a crash mid-write
        out = out.slice(0, at);
        break;
      case 4: {
        // a line repeated or moved
        const lines = out.split('\n');
        const i = Math.floor(random() * lines.length);
        lines.splice(Math.floor(random() * lines.length), 0, lines[i] ?? '');
        out = lines.join('\n');
        break;
      }
      default: {
        // a number replaced by an extreme one
        out = out.replace(/\d+(\.\d+)?/, () =>
          pick(['0', '-0', '1e400', '-5', '4294967296', '0.0000001']),
        );
      }
    }
  }
  return out;
}

function profiles(): [string, string][] {
  const out: [string, string][] = [['ours.coz', ours()]];
  for (const name of fs.readdirSync(COZ_FIXTURES).filter((f) => f.endsWith('.coz'))) {
    // Coz's profiles are long; their first 300 lines hold every record type.
    const text = fs
      .readFileSync(path.join(COZ_FIXTURES, name), 'utf8')
      .split('\n')
      .slice(0, 300)
      .join('\n');
    out.push([name, text]);
  }
  return out;
}

describe('the profile reader under mutation', () => {
  for (const [name, text] of profiles()) {
    it(`${name}: every mutant reads or names the file and line, in one line`, () => {
      const random = makeRandom(name.length * 7919);
      const outcomes = { read: 0, refused: 0 };
      for (let i = 0; i < MUTANTS; i++) {
        const mutant = mutate(text, random);
        try {
          const profile = parseProfile(mutant, name);
          const report = buildReport([profile]);
          renderReport(report, 'text');
          renderReport(report, 'json');
          outcomes.read++;
        } catch (err) {
          // Anything else (a TypeError, a RangeError) is a bug in the reader or the report.
          if (!(err instanceof ProfileFormatError)) {
            throw new Error(
              `mutant ${i} of ${name}: ${String(err)}\n--- mutant starts ---\n${mutant.slice(0, 2000)}`,
            );
          }
          expect(err.message).toMatch(new RegExp(`^${name.replace('.', '\\.')}:\\d+: \\S`));
          expect(err.message).not.toContain('\n');
          outcomes.refused++;
        }
      }
      console.log(
        `[fuzz] ${name}: ${MUTANTS} mutants, ${outcomes.read} read, ${outcomes.refused} refused with file:line`,
      );
      expect(outcomes.read + outcomes.refused).toBe(MUTANTS);
    });
  }
});

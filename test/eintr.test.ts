// The program's own work is untouched by sampling and delays: files, a pipe, Unix and TCP
// sockets, child processes and a timed futex wait, in the main thread and a worker, while
// sampled at 4 kHz (the shortest interval, 250 us) and while the other thread's line is the
// experiment's, so this thread pays delays (at 100%, the longest) in the middle of its I/O.
// Not one operation may fail, with EINTR or otherwise. (What holds it today: the handler is
// installed with SA_RESTART and keeps errno, libuv retries EINTR itself, and a CPU-time
// timer fires while a thread runs, seldom inside a blocking call. Built without SA_RESTART
// the program's operations still all succeeded here, 2026-12-03; built with errno clobbered
// the run failed. A delay paid by waking a blocked thread would be caught.)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../lib/profile';
import { runCausal } from './helpers/causal-cli';
import { lineOf, tempDir, WORKLOADS } from './helpers/profile';

const HAMMER = path.join(WORKLOADS, 'eintr-hammer.js');

interface ThreadResult {
  thread: string;
  ops: Record<string, number>;
  errors: Record<string, number>;
}

describe('system calls under sampling at 4 kHz and delays', () => {
  for (const selected of ['MAIN-BUSY', 'WORKER-BUSY']) {
    it(`no operation fails while the ${selected === 'MAIN-BUSY' ? 'worker' : 'main thread'} pays delays`, async () => {
      const out = path.join(tempDir('causalprof-eintr-'), 'profile.coz');
      const r = await runCausal(HAMMER, {
        out,
        fixedLine: `eintr-hammer.js:${lineOf(HAMMER, selected)}`,
        fixedSpeedup: 100,
        runMs: 4000,
        args: ['--interval-us', '250'],
      });
      expect(r.status, r.stderr).toBe(0);
      const results = r.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as ThreadResult);
      console.log(`[eintr] ${results.map((t) => JSON.stringify(t)).join(' ')}`);
      expect(results.map((t) => t.thread).sort()).toEqual(['main', 'worker']);
      for (const t of results) {
        expect(t.errors, `${t.thread}'s failed operations`).toEqual({});
        for (const op of [
          'file-sync',
          'file-async',
          'pipe',
          'unix-socket',
          'tcp-socket',
          'child-sync',
          'futex-wait',
        ]) {
          expect(t.ops[op], `${t.thread} ${op}`).toBeGreaterThan(5);
        }
      }
      // The delays were really inserted: an experiment's wall time less its virtual duration.
      const experiments = parseProfile(fs.readFileSync(out, 'utf8'), out).records.flatMap((rec) =>
        rec.type === 'experiment' ? [rec] : [],
      );
      expect(experiments.length).toBeGreaterThan(3);
      const delayNs = experiments.reduce((n, e) => n + (e.wall_duration ?? 0) - e.duration, 0);
      console.log(
        `[eintr] ${experiments.length} experiments, ${(delayNs / 1e6).toFixed(0)} ms of delays`,
      );
      expect(delayNs, 'delays inserted by the experiments').toBeGreaterThan(0);
    });
  }
});

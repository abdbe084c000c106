// The waiting rules of docs/causal-profiling.md ("The delay mechanism", "Mapping the waiting
// rules onto Node"), one scenario each, driven by hand: a workload runs under the agent in run
// mode without the experiment driver, starts an experiment on a hot line of a "hitter" worker
// (0.5 ms of delay per hit: the global count grows while the hitter spins), and reports the
// delay counts (native delayState()) of the thread under test before and after it waits or
// wakes another (test/workloads/wake-*.js).
//
// CAUSALPROF_ROOT=<checkout> runs the workloads against another build of causalprof (its
// dist/ and build/), e.g. a scratch copy with one mechanism disabled, to see a test fail.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNode } from './helpers/process';
import { ROOT as THIS_ROOT, tempDir, WORKLOADS } from './helpers/profile';

const ROOT = path.resolve(process.env.CAUSALPROF_ROOT || THIS_ROOT);
const AGENT = path.join(ROOT, 'dist', 'lib', 'agent', 'agent.js');
/** Global delay the hitter inserts while a thread waits (wake-common.js GROWTH_MS). */
const GROWTH_MS = 100;
/** How much later than the spawn a worker registers (wake-new-worker.js START_GROWTH_MS). */
const START_GROWTH_MS = 20;

/** What happened to a thread's counts between two snapshots (wake-common.js between()). */
interface Between {
  /** Growth of the global count. */
  growthMs: number;
  /** Time slept paying delays. */
  paidMs: number;
  /** Delays skipped (credited) on wakes. */
  creditedMs: number;
  /** global - local at the end. */
  debtMs: number;
}

/** A waiter, from blocking to the first callback after the wake and to ~20 ms later. */
interface Waited {
  atWake: Between;
  /** To the end of the check phase of the loop iteration that woke it (wake-outside.js). */
  afterCheck?: Between;
  settled: Between;
}

/** A thread that woke another while it owed delay (wake-pay-first.js 'senders'). */
interface Sent {
  debtBeforeMs: number;
  debtAfterMs: number;
  paidMs: number;
  windows: number;
}

/** wake-pay-first.js 'exit'. */
interface ExitResult {
  exit: { threadId: number; debtBeforeMs: number; paidBeforeMs: number; exitMs: number };
  parent: Between;
}

/** wake-new-worker.js. */
interface NewWorkerResult {
  parent: {
    debtBeforeMs: number;
    debtAfterMs: number;
    localAtSpawnMs: number;
    globalAtSpawnMs: number;
  };
  worker: { startMs: number; globalMs: number; localMs: number; paidMs: number };
}

const log = (msg: string) => console.log(`[wake-rules] ${msg}`);

/** Where the scenarios' profiles (a startup record each) go; removed at the end. */
const OUT_DIR = tempDir('causalprof-wake-');
afterAll(() => fs.rmSync(OUT_DIR, { recursive: true, force: true }));

interface Scenario<T> {
  result: T;
  stderr: string;
}

/** Runs `node --require <agent> test/workloads/<file> <mode>` and parses its JSON line. */
async function scenario<T>(
  file: string,
  mode: string | undefined,
  env: NodeJS.ProcessEnv = {},
): Promise<Scenario<T>> {
  const args = ['--require', AGENT, path.join(WORKLOADS, file)];
  if (mode !== undefined) args.push(mode);
  const r = await runNode(args, {
    env: {
      CAUSALPROF_MODE: 'run',
      CAUSALPROF_NO_DRIVER: '1',
      CAUSALPROF_OUTPUT: path.join(OUT_DIR, `${path.basename(file, '.js')}-${mode ?? ''}.coz`),
      CAUSALPROF_ROOT: ROOT,
      CAUSALPROF_INTERVAL_US: undefined,
      CAUSALPROF_DEBUG_DELAYS: undefined,
      ...env,
    },
    timeoutMs: 30_000,
  });
  expect(r.status, `${file} ${mode ?? ''} exited ${r.status} (${r.signal}): ${r.stderr}`).toBe(0);
  const line = r.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  expect(line, `${file} ${mode ?? ''} printed no result: ${r.stdout}`).toBeDefined();
  log(`${file} ${mode ?? ''} (${r.ms} ms): ${line}`);
  return { result: JSON.parse(line as string) as T, stderr: r.stderr };
}

/** The wait lasted while the hitter inserted (about) GROWTH_MS: the scenario happened. */
function expectGrowth(growthMs: number, what: string): void {
  expect(growthMs, `${what}: global growth while waiting`).toBeGreaterThanOrEqual(0.8 * GROWTH_MS);
}

/** Woken by another profiled thread: skips the delays inserted while it waited. */
function expectCredited(w: Waited, what: string): void {
  const g = w.atWake.growthMs;
  expectGrowth(g, what);
  expect(w.atWake.creditedMs, `${what}: credited at the wake, of ${g} ms`).toBeGreaterThanOrEqual(
    0.8 * g,
  );
  expect(w.settled.paidMs, `${what}: paid by ~20 ms after the wake, of ${g} ms`).toBeLessThan(
    0.2 * g,
  );
}

/**
 * Woken by a timer, the outside world or the threadpool: pays them, and promptly: by the end of
 * the check phase of the loop iteration that woke it (before the loop runs more callbacks), or
 * as Atomics.wait returns; credited nothing.
 */
function expectPaid(w: Waited, what: string, promptly: { at: Between; when: string }): void {
  const g = w.settled.growthMs;
  expectGrowth(g, what);
  expect(
    promptly.at.paidMs,
    `${what}: paid ${promptly.when}, of ${promptly.at.growthMs} ms`,
  ).toBeGreaterThan(0.8 * promptly.at.growthMs);
  expect(w.settled.paidMs, `${what}: paid by ~20 ms after the wake, of ${g} ms`).toBeGreaterThan(
    0.8 * g,
  );
  expect(w.settled.creditedMs, `${what}: credited, of ${g} ms`).toBeLessThanOrEqual(0.05 * g);
}

/** The check phase of the wake's loop iteration is over (wake-outside.js). */
function afterCheck(w: Waited): { at: Between; when: string } {
  expect(w.afterCheck, 'no afterCheck snapshot').toBeDefined();
  return { at: w.afterCheck as Between, when: "by the end of the wake's check phase" };
}

/** Runs `run` once, for the tests that share one scenario. */
function shared<T>(run: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= run();
    return result;
  };
}

describe('wake rules (delays across threads)', () => {
  describe('1: a thread woken by a message from another profiled thread is credited', () => {
    it("by a worker's message to its parent, and the parent's message to a worker", async () => {
      const { result } = await scenario<{ main: Waited; waiter: Waited }>(
        'wake-message.js',
        'parent',
      );
      expectCredited(result.main, 'main thread woken by the worker');
      expectCredited(result.waiter, 'worker woken by the main thread');
    });

    it('by a message on a MessageChannel port', async () => {
      const { result } = await scenario<{ waiter: Waited }>('wake-message.js', 'port');
      expectCredited(result.waiter, 'worker woken over a MessagePort');
    });

    it('by a message on a BroadcastChannel', async () => {
      const { result } = await scenario<{ waiter: Waited }>('wake-message.js', 'broadcast');
      expectCredited(result.waiter, 'worker woken over a BroadcastChannel');
    });
  });

  describe('2: a thread woken by a timer or the outside world pays', () => {
    it('woken by its timers', async () => {
      const { result } = await scenario<{ main: Waited }>('wake-outside.js', 'timer');
      expectPaid(result.main, 'main thread woken by timers', afterCheck(result.main));
    });

    it('woken by a child process (output on a pipe)', async () => {
      const { result } = await scenario<{ main: Waited }>('wake-outside.js', 'child');
      expect(result.main.atWake.creditedMs, 'credited at the wake').toBe(0);
      expectPaid(result.main, 'main thread woken by a child process', afterCheck(result.main));
    });

    it('pays in full at the wake even when a signal (SIGCHLD) interrupts its sleep', async () => {
      const { result } = await scenario<{ main: Waited }>('wake-outside.js', 'interrupted');
      expectPaid(
        result.main,
        'main thread paying while a child process exits',
        afterCheck(result.main),
      );
    });
  });

  describe('3: a thread woken by a completion of the libuv threadpool pays', () => {
    it('woken by fs.open() completing (even though a profiled thread unblocked it)', async () => {
      const { result } = await scenario<{ main: Waited }>('wake-outside.js', 'threadpool');
      expect(result.main.atWake.creditedMs, 'credited at the wake').toBe(0);
      expectPaid(result.main, 'main thread woken by the threadpool', afterCheck(result.main));
    });
  });

  describe('4: a thread pays what it owes before it wakes another', () => {
    describe('before waking another with', () => {
      const senders = shared(() =>
        scenario<{ senders: Record<string, Sent> }>('wake-pay-first.js', 'senders'),
      );
      for (const [how, title] of [
        ['port', 'MessagePort.postMessage'],
        ['worker', 'worker.postMessage'],
        ['broadcast', 'BroadcastChannel.postMessage'],
        ['notify', 'Atomics.notify'],
      ] as const) {
        it(title, async () => {
          const s = (await senders()).result.senders[how];
          expect(s, `no result for ${how}`).toBeDefined();
          const { debtBeforeMs, debtAfterMs, paidMs } = s as Sent;
          expect(debtBeforeMs, 'owed before waking (precondition)').toBeGreaterThan(
            0.5 * GROWTH_MS,
          );
          expect(paidMs, `paid while waking, of ${debtBeforeMs} ms owed`).toBeGreaterThan(
            0.8 * debtBeforeMs,
          );
          expect(debtAfterMs, 'still owed right after waking').toBeLessThan(0.1 * debtBeforeMs);
        });
      }
    });

    describe('by exiting', () => {
      const exitScenario = shared(() =>
        scenario<ExitResult>('wake-pay-first.js', 'exit', { CAUSALPROF_DEBUG_DELAYS: '1' }),
      );

      // Paid in the check phase of the iteration that calls process.exit() or, failing that, by
      // the addon's cleanup hook as the worker unregisters: either way before the parent knows.
      it('a worker that exits owing delay pays it before its parent sees the exit', async () => {
        const { result, stderr } = await exitScenario();
        const { exit } = result;
        expect(exit.debtBeforeMs, 'owed before exiting (precondition)').toBeGreaterThan(
          0.5 * GROWTH_MS,
        );
        // What the addon says the worker paid in all, as it unregisters (after paying).
        const m = new RegExp(
          `\\[causalprof delays\\] worker ${exit.threadId}: paid ([0-9.]+) ms`,
        ).exec(stderr);
        expect(
          m,
          `no delay summary for worker ${exit.threadId} on stderr: ${stderr}`,
        ).not.toBeNull();
        const paidAtExit = Number(m?.[1]) - exit.paidBeforeMs;
        expect(paidAtExit, `paid on exiting, of ${exit.debtBeforeMs} ms owed`).toBeGreaterThan(
          0.8 * exit.debtBeforeMs,
        );
        expect(exit.exitMs, "from process.exit() to the parent's 'exit' event").toBeGreaterThan(
          0.8 * exit.debtBeforeMs,
        );
      });

      // The worker paid for the time its parent waited; the parent must not pay it again.
      it('its parent, woken by the exit, is credited (the worker paid for it)', async () => {
        const { result } = await exitScenario();
        const p = result.parent;
        expectGrowth(p.growthMs, 'parent waiting for the exit');
        expect(p.creditedMs, `parent credited, of ${p.growthMs} ms`).toBeGreaterThanOrEqual(
          0.8 * p.growthMs,
        );
        expect(p.paidMs, `parent paid, of ${p.growthMs} ms`).toBeLessThan(0.2 * p.growthMs);
      });
    });
  });

  describe('5: Atomics.wait', () => {
    it("returning 'ok' (notified by another thread) credits", async () => {
      const { result } = await scenario<{ main: Waited; results: Record<string, number> }>(
        'wake-atomics.js',
        'notify',
      );
      expect(result.results).toEqual({ ok: 1 });
      expectCredited(result.main, "Atomics.wait 'ok'");
    });

    it("returning 'timed-out' pays", async () => {
      const { result } = await scenario<{ main: Waited; results: Record<string, number> }>(
        'wake-atomics.js',
        'timeout',
      );
      expect(Object.keys(result.results)).toEqual(['timed-out']);
      expectPaid(result.main, "Atomics.wait 'timed-out'", {
        at: result.main.atWake,
        when: 'as Atomics.wait returned',
      });
    });
  });

  describe('6: a new worker starts at its creating thread’s local count', () => {
    // The parent owes delay as it spawns the worker (and, as it happens, pays it inside the
    // Worker constructor, which posts the worker its script: a wake). The worker must start at
    // the parent's count once the constructor returns, not at the global count when it registers.
    it('not at the global count (which moved on before the worker registered)', async () => {
      const { result } = await scenario<NewWorkerResult>('wake-new-worker.js', undefined);
      const { parent, worker } = result;
      expect(
        parent.debtBeforeMs,
        'parent owed delay when it spawned (precondition)',
      ).toBeGreaterThan(0.5 * GROWTH_MS);
      expect(
        worker.globalMs - parent.globalAtSpawnMs,
        'global count moved on between the spawn and the worker start (precondition)',
      ).toBeGreaterThanOrEqual(0.8 * START_GROWTH_MS);
      expect(
        Math.abs(worker.startMs - parent.localAtSpawnMs),
        `worker started at ${worker.startMs} ms, parent's local count at the spawn ${parent.localAtSpawnMs} ms`,
      ).toBeLessThan(1);
    });
  });
});

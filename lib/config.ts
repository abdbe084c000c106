// Options shared by the CLI, the agent and the in-process API, validated in one place
// (native code trusts what it gets from here).
import { POLICY_NAMES, type PolicyName } from './causal/policy';
import { expandOutputPattern } from './output-pattern';
import { isTimerChoice, TIMER_CHOICES_TEXT, type TimerChoice } from './sampling/timer-choice';
import { UsageError } from './usage-error';

export const DEFAULT_INTERVAL_US = 1000;
export const PRODUCTION_INTERVAL_US = 10_000;
export const MIN_INTERVAL_US = 250;
export const MAX_INTERVAL_US = 1_000_000;

export { UsageError } from './usage-error';

/** A whole number from min to max, given as a number or its text; `problem` words the error. */
function wholeNumber(
  value: unknown,
  min: number,
  max: number,
  problem: (shown: string) => string,
): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(problem(JSON.stringify(value)));
  }
  return n;
}

export function validateIntervalUs(value: unknown, where: string): number {
  return wholeNumber(
    value,
    MIN_INTERVAL_US,
    MAX_INTERVAL_US,
    (shown) =>
      `${where}: sampling interval ${shown} is out of range; give whole microseconds from ${MIN_INTERVAL_US} to ${MAX_INTERVAL_US} (default ${DEFAULT_INTERVAL_US})`,
  );
}

/** The agent's settings, passed from the CLI to the profiled process through the environment. */
export interface AgentEnv {
  mode: 'sample' | 'run' | undefined;
  output: string | undefined;
  /** Where to say that the program listens on a port (set by the CLI for --load). */
  readyFile: string | undefined;
  intervalUs: number;
  timer: TimerChoice;
  /** 'lines': turn off the V8 tiers without line tables; 'v8': leave V8's defaults. */
  tiers: 'lines' | 'v8';
  run: RunSettings;
}

/** `causalprof run` settings (validated by the CLI before they reach the agent). */
export interface RunSettings {
  fixedLine?: string;
  /** Fractions 0..1, used in turn (several interleave baselines with speedups in one run). */
  fixedSpeedups?: number[];
  endToEnd: boolean;
  scope: string[];
  seed: number;
  httpLatency: boolean;
  noDriver: boolean;
  policy: PolicyName;
  /** When this file exists, the driver starts no more experiments (the CLI's --until). */
  stopFile: string | undefined;
  /** --keep-running: when stopped, the program runs on, so its exit finishes the profile. */
  keepRunning: boolean;
}

export const ENV = {
  mode: 'CAUSALPROF_MODE',
  output: 'CAUSALPROF_OUTPUT',
  intervalUs: 'CAUSALPROF_INTERVAL_US',
  timer: 'CAUSALPROF_TIMER',
  tiers: 'CAUSALPROF_TIERS',
  fixedLine: 'CAUSALPROF_FIXED_LINE',
  fixedSpeedup: 'CAUSALPROF_FIXED_SPEEDUP',
  endToEnd: 'CAUSALPROF_END_TO_END',
  scope: 'CAUSALPROF_SCOPE',
  seed: 'CAUSALPROF_SEED',
  httpLatency: 'CAUSALPROF_HTTP_LATENCY',
  // Run mode without the experiment driver: delays, wake rules and sampling as in `run`,
  // experiments started by hand through the addon (tests of the wake rules do this).
  noDriver: 'CAUSALPROF_NO_DRIVER',
  // --load without --ready: where the agent says that the program listens on a port.
  readyFile: 'CAUSALPROF_READY_FILE',
  policy: 'CAUSALPROF_POLICY',
  stopFile: 'CAUSALPROF_STOP_FILE',
  keepRunning: 'CAUSALPROF_KEEP_RUNNING',
  // Read by the addon itself (native/task_clock.h); validated here like every other switch.
  noPerfEvent: 'CAUSALPROF_NO_PERF_EVENT',
  // Set by the agent of the first process of a tree to its pid, and inherited: a process
  // that finds another pid there is a child (lib/agent/tree-root.ts).
  rootPid: 'CAUSALPROF_ROOT_PID',
} as const;

export function validateSpeedupPercent(value: unknown, where: string): number {
  return wholeNumber(
    value,
    0,
    100,
    (shown) => `${where}: speedup ${shown} is not a whole percent from 0 to 100`,
  );
}

/** "25" or "0,25,50": whole percents, as fractions. */
export function parseSpeedupList(value: string, where: string): number[] {
  return value.split(',').map((part) => validateSpeedupPercent(part.trim(), where) / 100);
}

/** The timer choice (lib/sampling/timer-choice.ts); `where` prefixes the value: '--timer ' or 'CAUSALPROF_TIMER='. */
export function validateTimer(value: unknown, where: string): TimerChoice {
  if (!isTimerChoice(value)) {
    throw new UsageError(`${where}${String(value)}: unknown timer; use ${TIMER_CHOICES_TEXT}`);
  }
  return value;
}

/** A JS line as <file>:<line>, or a native function's name (`*` allowed): deflate_slow, sha256_block*. */
export function validateFixedLine(value: string, where: string): string {
  const line = /:(\d+)$/.exec(value);
  // Without a line it names a native function; a script's name alone is a missing line.
  const scriptWithoutLine =
    !value.includes('(') && (/\.[cm]?[jt]sx?$/.test(value) || value.includes('/'));
  const ok =
    line !== null
      ? Number(line[1]) > 0 && value.length > line[0].length
      : /^\S/.test(value) && !scriptWithoutLine;
  if (!ok) {
    throw new UsageError(
      `${where} ${value}: give a site as <file>:<line> (server.js:42) or a native function (deflate_slow)`,
    );
  }
  return value;
}

/** The --scope patterns, as the CLI passes them to the agent: a JSON array of strings. */
export function parseScopeList(value: string, where: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) {
    throw new UsageError(
      `${where}=${value} is not a JSON array of scope patterns, e.g. ["node:*","src/**"]`,
    );
  }
  return parsed as string[];
}

/** `where` prefixes the value: '--policy ' or 'CAUSALPROF_POLICY='. */
export function validatePolicy(value: unknown, where: string): PolicyName {
  if (!(POLICY_NAMES as readonly unknown[]).includes(value)) {
    throw new UsageError(
      `${where}${String(value)}: unknown policy; use ${POLICY_NAMES.map((p) => `'${p}'`).join(' or ')}`,
    );
  }
  return value as PolicyName;
}

export function validateSeed(value: unknown, where: string): number {
  return wholeNumber(
    value,
    0,
    0xffffffff,
    (shown) => `${where}: seed ${shown} is not a whole number from 0 to 4294967295`,
  );
}

/** A switch in the environment: unset, '' or '0' is off, '1' is on; anything else is refused. */
function envFlag(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name];
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new UsageError(`${name}=${value} is not a switch; use 1 (on) or 0 (off)`);
}

function tiersFrom(value: string | undefined, mode: AgentEnv['mode']): 'lines' | 'v8' {
  if (value === undefined || value === '') return mode === 'run' ? 'lines' : 'v8';
  if (value !== 'lines' && value !== 'v8') {
    throw new UsageError(`${ENV.tiers}=${value} is not a tier choice; use 'lines' or 'v8'`);
  }
  return value;
}

export function readAgentEnv(env: NodeJS.ProcessEnv): AgentEnv {
  const mode = env[ENV.mode];
  if (mode !== undefined && mode !== 'sample' && mode !== 'run') {
    throw new UsageError(`${ENV.mode}=${mode} is not a mode; use 'sample' or 'run'`);
  }
  const interval = env[ENV.intervalUs];
  envFlag(env, ENV.noPerfEvent); // only validated here: the addon reads it itself
  return {
    mode,
    // Expanded here, in each process that reads it: %p makes a file per process.
    output:
      env[ENV.output] === undefined
        ? undefined
        : expandOutputPattern(env[ENV.output] as string, `${ENV.output}=`),
    readyFile: env[ENV.readyFile] || undefined,
    intervalUs:
      interval === undefined ? DEFAULT_INTERVAL_US : validateIntervalUs(interval, ENV.intervalUs),
    timer: env[ENV.timer] ? validateTimer(env[ENV.timer], `${ENV.timer}=`) : 'auto',
    // Causal experiments need a line for every sample; sampling alone leaves the program as
    // it is unless asked (see lib/agent/tiers.ts).
    tiers: tiersFrom(env[ENV.tiers], mode),
    run: {
      fixedLine: env[ENV.fixedLine]
        ? validateFixedLine(env[ENV.fixedLine] as string, ENV.fixedLine)
        : undefined,
      fixedSpeedups:
        env[ENV.fixedSpeedup] === undefined
          ? undefined
          : parseSpeedupList(env[ENV.fixedSpeedup] as string, ENV.fixedSpeedup),
      endToEnd: envFlag(env, ENV.endToEnd),
      scope: env[ENV.scope] ? parseScopeList(env[ENV.scope] as string, ENV.scope) : [],
      seed: env[ENV.seed] !== undefined ? validateSeed(env[ENV.seed], ENV.seed) : Date.now() >>> 0,
      httpLatency: envFlag(env, ENV.httpLatency),
      noDriver: envFlag(env, ENV.noDriver),
      policy: env[ENV.policy] ? validatePolicy(env[ENV.policy], `${ENV.policy}=`) : 'adaptive',
      stopFile: env[ENV.stopFile] || undefined,
      keepRunning: envFlag(env, ENV.keepRunning),
    },
  };
}

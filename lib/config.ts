// Options shared by the CLI, the agent and the in-process API, validated in one place
// (native code trusts what it gets from here).

export const DEFAULT_INTERVAL_US = 1000;
export const PRODUCTION_INTERVAL_US = 10_000;
export const MIN_INTERVAL_US = 250;
export const MAX_INTERVAL_US = 1_000_000;

export class UsageError extends Error {
  override name = 'UsageError';
}

export function validateIntervalUs(value: unknown, where: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < MIN_INTERVAL_US || n > MAX_INTERVAL_US) {
    throw new UsageError(
      `${where}: sampling interval ${JSON.stringify(value)} is out of range; give whole microseconds from ${MIN_INTERVAL_US} to ${MAX_INTERVAL_US} (default ${DEFAULT_INTERVAL_US})`,
    );
  }
  return n;
}

/** The agent's settings, passed from the CLI to the profiled process through the environment. */
export interface AgentEnv {
  mode: 'sample' | 'run' | undefined;
  output: string | undefined;
  intervalUs: number;
  forcePosixTimer: boolean;
  keepTiers: boolean;
}

export const ENV = {
  mode: 'CAUSALPROF_MODE',
  output: 'CAUSALPROF_OUTPUT',
  intervalUs: 'CAUSALPROF_INTERVAL_US',
  timer: 'CAUSALPROF_TIMER',
  keepTiers: 'CAUSALPROF_KEEP_TIERS',
} as const;

export function readAgentEnv(env: NodeJS.ProcessEnv): AgentEnv {
  const mode = env[ENV.mode];
  if (mode !== undefined && mode !== 'sample' && mode !== 'run') {
    throw new UsageError(`${ENV.mode}=${mode} is not a mode; use 'sample' or 'run'`);
  }
  const interval = env[ENV.intervalUs];
  return {
    mode,
    output: env[ENV.output],
    intervalUs:
      interval === undefined ? DEFAULT_INTERVAL_US : validateIntervalUs(interval, ENV.intervalUs),
    forcePosixTimer: env[ENV.timer] === 'posix',
    keepTiers: env[ENV.keepTiers] === '1',
  };
}

// The agent configured by the environment alone (NODE_OPTIONS='--require causalprof/agent',
// as in a pod): every variable it reads is validated, and a bad value stops the program
// with one line that names the variable, the value and what to give, never a stack trace
// or a setting silently ignored.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { AGENT, tempDir } from './helpers/profile';

const BAD: Array<[string, string, RegExp]> = [
  ['CAUSALPROF_MODE', 'profile', /CAUSALPROF_MODE=profile is not a mode; use 'sample' or 'run'/],
  [
    'CAUSALPROF_INTERVAL_US',
    '10',
    /CAUSALPROF_INTERVAL_US: sampling interval "10" is out of range/,
  ],
  ['CAUSALPROF_INTERVAL_US', '1ms', /CAUSALPROF_INTERVAL_US: sampling interval "1ms"/],
  ['CAUSALPROF_TIMER', 'hpet', /CAUSALPROF_TIMER=hpet: unknown timer/],
  ['CAUSALPROF_TIERS', 'all', /CAUSALPROF_TIERS=all is not a tier choice/],
  ['CAUSALPROF_SCOPE', 'node:*', /CAUSALPROF_SCOPE=node:\* is not a JSON array of scope patterns/],
  ['CAUSALPROF_SCOPE', '[1,2]', /CAUSALPROF_SCOPE=\[1,2\] is not a JSON array/],
  ['CAUSALPROF_SCOPE', '{"a":1}', /is not a JSON array/],
  ['CAUSALPROF_SEED', '-1', /CAUSALPROF_SEED: seed "-1" is not a whole number/],
  ['CAUSALPROF_POLICY', 'random', /CAUSALPROF_POLICY=random: unknown policy/],
  [
    'CAUSALPROF_FIXED_SPEEDUP',
    '150',
    /CAUSALPROF_FIXED_SPEEDUP: speedup "150" is not a whole percent/,
  ],
  [
    'CAUSALPROF_FIXED_LINE',
    'server.js',
    /CAUSALPROF_FIXED_LINE server.js: give a site as <file>:<line>/,
  ],
  [
    'CAUSALPROF_HTTP_LATENCY',
    'true',
    /CAUSALPROF_HTTP_LATENCY=true is not a switch; use 1 \(on\) or 0 \(off\)/,
  ],
  ['CAUSALPROF_END_TO_END', 'yes', /CAUSALPROF_END_TO_END=yes is not a switch/],
  ['CAUSALPROF_KEEP_RUNNING', '2', /CAUSALPROF_KEEP_RUNNING=2 is not a switch/],
  ['CAUSALPROF_NO_PERF_EVENT', 'on', /CAUSALPROF_NO_PERF_EVENT=on is not a switch/],
  ['CAUSALPROF_NO_DRIVER', 'on', /CAUSALPROF_NO_DRIVER=on is not a switch/],
];

function preloaded(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--require', AGENT, '-e', 'console.log("ran")'], {
    env: { ...process.env, CAUSALPROF_MODE: 'run', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('the agent refuses a bad environment in one line', () => {
  for (const [name, value, message] of BAD) {
    it(`${name}=${value}`, () => {
      const r = preloaded({ [name]: value });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).not.toContain('ran');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^causalprof: /);
      expect(lines[0]).toMatch(message);
    });
  }

  it('takes 0 and an empty value as a switch turned off', () => {
    const out = `${tempDir('causalprof-agent-env-')}/profile.coz`;
    const r = preloaded({
      CAUSALPROF_OUTPUT: out,
      CAUSALPROF_HTTP_LATENCY: '0',
      CAUSALPROF_END_TO_END: '',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('ran');
  });
});

// A binary built for another Node's ABI is never loaded (it would kill the program at the
// first missing V8 symbol): the loader takes the prebuild for this ABI, or says in one line
// which Node the binary is for and how to rebuild.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binaryAbi, chooseBinary } from '../lib/native-binary';
import { AGENT, ROOT, tempDir } from './helpers/profile';

function withoutAgentSettings(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('CAUSALPROF_')),
  );
}
const OTHER_MAJOR = 22;

describe('the addon binary and the running Node', () => {
  it('stamps each binary with the ABI it was built for', () => {
    // The binary this Node loads: build/Release here, the prebuild under
    // scripts/node-lines.sh (whose build/Release is another line's).
    expect(binaryAbi(chooseBinary(ROOT))).toBe(process.versions.modules);
  });

  it('refuses, in one line, a binary built for another Node, and names the rebuild', (ctx) => {
    if (process.versions.node.split('.')[0] !== '20') {
      console.log(
        '[native-binary] SKIPPED: runs on Node 20, whose build/Release it loads into Node 22',
      );
      ctx.skip();
      return;
    }
    // Node 22 from the npm registry (scripts/node-dist.js fetches it once into .cache/).
    const dist = execFileSync(
      process.execPath,
      [path.join(ROOT, 'scripts', 'node-dist.js'), String(OTHER_MAJOR)],
      {
        encoding: 'utf8',
        timeout: 300_000,
      },
    ).trim();
    const node22 = path.join(dist, 'bin', 'node');
    // A package directory with build/ and no prebuilds/: what a clone built on Node 20 has.
    const view = tempDir('causalprof-binary-');
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(view, 'package.json'));
    fs.symlinkSync(path.join(ROOT, 'build'), path.join(view, 'build'));
    const r = spawnSync(node22, ['--require', AGENT, '-e', 'console.log("ran")'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        CAUSALPROF_PREBUILD: view,
        CAUSALPROF_MODE: 'sample',
        CAUSALPROF_OUTPUT: path.join(view, 'cpu.pb.gz'),
      },
      timeout: 60_000,
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain(`built for Node 20 (ABI ${process.versions.modules})`);
    expect(lines[0]).toMatch(/this is Node v22\.\d+\.\d+ \(ABI 127\)/);
    expect(lines[0]).toContain('npm rebuild causalprof');
    expect(r.stdout).toBe('');
    // Preloaded without a mode (in-process sampling), the program runs on, unprofiled.
    const quiet = spawnSync(node22, ['--require', AGENT, '-e', 'console.log("ran")'], {
      encoding: 'utf8',
      env: { ...withoutAgentSettings(), CAUSALPROF_PREBUILD: view },
      timeout: 60_000,
    });
    expect(quiet.stdout.trim()).toBe('ran');
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toContain('built for Node 20');
  }, 400_000);
});

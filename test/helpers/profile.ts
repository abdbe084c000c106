// Runs programs under `causalprof sample` and reads the pprof they produce.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'lib', 'cli', 'main.js');
export const AGENT = path.join(ROOT, 'dist', 'lib', 'agent', 'agent.js');
export const WORKLOADS = path.join(ROOT, 'test', 'workloads');

export function tempDir(prefix = 'causalprof-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the CLI on a program that prints 'ready' and then runs until interrupted; once it
 * is ready and `until()` holds, interrupts it with SIGINT as a user's Ctrl-C would.
 */
export async function runCliUntilReady(
  args: string[],
  until: () => boolean = () => true,
): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args]);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
  );
  while (!until()) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGINT');
  const status = await exited;
  return { status, stderr };
}

export interface SampleRow {
  thread: string;
  /** Innermost first: "function file:line" with file as its basename. */
  frames: { name: string; file: string; line: number }[];
  samples: number;
  cpuNs: number;
}

export function readPprof(file: string): { rows: SampleRow[]; profile: Profile } {
  const profile = Profile.decode(gunzipSync(fs.readFileSync(file)));
  const s = profile.stringTable.strings;
  const locations = new Map(profile.location.map((l) => [Number(l.id), l]));
  const functions = new Map(profile.function.map((f) => [Number(f.id), f]));
  const rows = profile.sample.map((sample) => {
    const threadLabel = sample.label.find((l) => s[Number(l.key)] === 'thread');
    return {
      thread: s[Number(threadLabel?.str)] ?? '?',
      frames: sample.locationId.map((id) => {
        const line = locations.get(Number(id))?.line[0];
        const fn = functions.get(Number(line?.functionId));
        return {
          name: s[Number(fn?.name)] ?? '?',
          file: s[Number(fn?.filename)] ?? '',
          line: Number(line?.line ?? 0),
        };
      }),
      samples: Number(sample.value[0]),
      cpuNs: Number(sample.value[1]),
    };
  });
  return { rows, profile };
}

/** Samples whose innermost frame is in `file` at `line`, per thread name (or all threads). */
export function leafSamples(
  rows: SampleRow[],
  file: string,
  line: number,
  thread?: (t: string) => boolean,
): number {
  let n = 0;
  for (const r of rows) {
    const leaf = r.frames[0];
    if (
      leaf &&
      path.basename(leaf.file) === file &&
      leaf.line === line &&
      (!thread || thread(r.thread))
    )
      n += r.samples;
  }
  return n;
}

/** The 1-based line of the first line of `file` containing `marker`. */
export function lineOf(file: string, marker: string): number {
  const i = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`marker ${marker} not in ${file}`);
  return i + 1;
}

/** `causalprof sample -o <out> [args] -- node <file>`, to its exit. */
export function runSample(
  file: string,
  out: string,
  options: { env?: NodeJS.ProcessEnv; args?: string[] } = {},
): CliResult {
  return runCli(['sample', '-o', out, ...(options.args ?? []), '--', process.execPath, file], {
    env: options.env,
  });
}

/**
 * Each leaf function's share of a pprof's samples, largest first, keyed "name (file name)"
 * ("deflate_slow (node)", "work (app.js)"), or the bare name of a label such as "(native)".
 */
export function leafFunctionShares(file: string): Map<string, number> {
  const { rows } = readPprof(file);
  const counts = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    const leaf = r.frames[0];
    if (!leaf) continue;
    const key = leaf.file === '' ? leaf.name : `${leaf.name} (${path.basename(leaf.file)})`;
    counts.set(key, (counts.get(key) ?? 0) + r.samples);
    total += r.samples;
  }
  return new Map([...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v / total]));
}

// `causalprof run` and `causalprof report` as the causal tests call them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { siteMatches } from '../../lib/causal/sites';
import type { ReportJson, ReportRowJson, ReportSiteJson } from '../../lib/report';
import { type ProcResult, runNode } from './process';
import { CLI, tempDir } from './profile';

export type { ReportJson, ReportRowJson, ReportSiteJson } from '../../lib/report';

/**
 * `causalprof run --fixed-line <site> --fixed-speedup <percent> -o <out> -- node <file>`,
 * appending to `out`; resolves when the run exits.
 */
export async function runCausal(
  file: string,
  options: {
    out: string;
    fixedLine?: string;
    /** A percentage 0..100, or a list of them ("0,25,50") taking turns. */
    fixedSpeedup?: number | string;
    runMs?: number;
    args?: string[];
    env?: NodeJS.ProcessEnv;
    onStdoutLine?: (line: string) => void;
    timeoutMs?: number;
  },
): Promise<ProcResult> {
  const args = [CLI, 'run', '-o', options.out];
  if (options.fixedLine !== undefined) args.push('--fixed-line', options.fixedLine);
  if (options.fixedSpeedup !== undefined)
    args.push('--fixed-speedup', String(options.fixedSpeedup));
  args.push(...(options.args ?? []), '--', process.execPath, file);
  return runNode(args, {
    env: {
      ...(options.runMs === undefined ? {} : { RUN_MS: String(options.runMs) }),
      ...options.env,
    },
    onStdoutLine: options.onStdoutLine,
    timeoutMs: options.timeoutMs,
  });
}

/** `causalprof run --help` works: the causal half of the CLI exists in dist/. */
export async function causalCliAvailable(): Promise<boolean> {
  if (!fs.existsSync(CLI)) return false;
  const r = await runNode([CLI, 'run', '--help'], { timeoutMs: 20_000 });
  return r.status === 0;
}

/** `causalprof report <files> --format json`, parsed. */
export async function readReport(files: string[]): Promise<ReportJson> {
  const r = await runNode([CLI, 'report', ...files, '--format', 'json'], { timeoutMs: 60_000 });
  if (r.status !== 0) throw new Error(`report exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as ReportJson;
}

/**
 * The report's site named as --fixed-line takes it: `<file>:<line>` matched on whole path
 * segments from the end (the report names files by absolute path), or a native function.
 */
export function findSite(
  report: ReportJson,
  site: string,
  progressPoint?: string,
): ReportSiteJson | undefined {
  return report.sites.find(
    (s) =>
      siteMatches(s.site, site) &&
      (progressPoint === undefined || s.progressPoint === progressPoint),
  );
}

/** The row at line speedup `speedup` (a fraction). */
export function rowAt(
  site: ReportSiteJson | undefined,
  speedup: number,
): ReportRowJson | undefined {
  return site?.rows.find((r) => Math.abs(r.speedup - speedup) < 1e-6);
}

/** Experiment records in a profile file (JSON Lines), with their selected site and speedup. */
export function experimentsIn(file: string): { selected: string; speedup: number }[] {
  if (!fs.existsSync(file)) return [];
  const out: { selected: string; speedup: number }[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    const rec = JSON.parse(line) as { type?: string; selected?: string; speedup?: number };
    if (rec.type === 'experiment')
      out.push({ selected: String(rec.selected), speedup: Number(rec.speedup) });
  }
  return out;
}

/**
 * The site with the most samples among those whose name starts with `prefix`, from a short
 * `causalprof run` of the workload (its `samples` records): how a test finds a line of Node's
 * own code, whose number differs between Node lines.
 */
export async function discoverTopSite(
  file: string,
  prefix: string,
  options: { env?: NodeJS.ProcessEnv; args?: string[]; runMs?: number },
): Promise<string> {
  const out = path.join(tempDir('causalprof-discover-'), 'p.coz');
  const r = await runCausal(file, {
    out,
    runMs: options.runMs ?? 3000,
    args: options.args,
    env: options.env,
  });
  if (r.status !== 0) throw new Error(`discovery run exited ${r.status}: ${r.stderr}`);
  const counts = new Map<string, number>();
  for (const line of fs.readFileSync(out, 'utf8').split('\n')) {
    if (!line.startsWith('{"type":"samples"')) continue;
    const rec = JSON.parse(line) as { location: string; count: number };
    // Cumulative per process: the largest count of a location is its total.
    if (rec.location.startsWith(prefix))
      counts.set(rec.location, Math.max(counts.get(rec.location) ?? 0, rec.count));
  }
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (top === undefined) throw new Error(`no site starting with ${prefix} was sampled`);
  return top[0];
}

// Names of sites as users read them, and the addon's (file id, line, function id) triples
// behind them: a JS line is "<file>:<line>" (through source maps); a native function is
// "<function> (<object>)", e.g. "deflate_slow (node)".
import * as path from 'node:path';
import type { NativeAddon } from '../native';
import { formatRecords } from '../profile/writer';
import { SourceLocations, scriptPath } from '../sampling/source-locations';
import type { Scope } from './scope';
import { wildcard } from './wildcard';

export interface NativeSite {
  fileId: number;
  /** 0 for a native function's site. */
  line: number;
  /** The site's function: for a JS line, that of its latest sample (named in the profile). */
  functionId?: number;
}

export function isNativeSite(site: NativeSite): boolean {
  return site.line === 0;
}

/** One key per site: a native function's is its function, a line's its file and line. */
export function siteKey(site: NativeSite): string {
  return isNativeSite(site) ? `native:${site.functionId}` : `${site.fileId}:${site.line}`;
}

/** "deflate_slow (node)": a native function and the file name of its object. */
export function nativeSiteName(functionName: string, objectPath: string): string {
  return `${functionName} (${path.basename(objectPath)})`;
}

/** Walks the flat [fileId, line, samples, functionId, ...] array of native siteCounts(). */
export function forEachSiteCount(
  flat: readonly number[],
  fn: (site: NativeSite, samples: number) => void,
): void {
  for (let i = 0; i + 3 < flat.length; i += 4) {
    fn(
      { fileId: flat[i] as number, line: flat[i + 1] as number, functionId: flat[i + 3] as number },
      flat[i + 2] as number,
    );
  }
}

export class SiteNames {
  private readonly files: string[] = [];
  private nativeFunctionsSeen = 0;
  private readonly sources = new SourceLocations();

  constructor(
    private readonly native: NativeAddon,
    private readonly scope: Scope,
  ) {}

  /**
   * Learns the files and native functions the addon has seen since the last call and tells
   * it which are in scope.
   */
  refresh(): void {
    const fresh = this.native.files(this.files.length);
    for (const scriptName of fresh) {
      const id = this.files.length;
      this.files.push(scriptName);
      this.native.setFileScope(id, this.scope.file(scriptPath(scriptName)));
    }
    const inScope = this.scope.native;
    if (inScope === undefined) return;
    const natives = this.native.nativeFunctions(this.nativeFunctionsSeen);
    this.nativeFunctionsSeen += natives.length;
    for (const f of natives) this.native.setNativeScope(f.id, inScope(f.name, f.file));
  }

  name(site: NativeSite): string {
    const file = this.files[site.fileId] ?? '';
    if (isNativeSite(site)) {
      const name = site.functionId === undefined ? '' : this.native.functionName(site.functionId);
      return nativeSiteName(name || '(no symbol)', file);
    }
    const pos = this.sources.resolve(file, site.line);
    return `${pos.file}:${pos.line}`;
  }

  /**
   * The sites whose name ends with `wanted` ("file:line", matched on whole path segments),
   * among the given ones.
   */
  matching(wanted: string, among: readonly NativeSite[]): NativeSite[] {
    return among.filter((s) => siteMatches(this.name(s), wanted));
  }
}

/**
 * Whether the site named `name` is the one a user asked for with --fixed-line: a JS line by
 * "<file>:<line>", matched on whole path segments from the end; a native function by its
 * name, with `*` for any run of characters (`deflate_slow`, `sha256_block*`), or by the whole
 * "<function> (<object>)".
 */
export function siteMatches(name: string, wanted: string): boolean {
  if (/:\d+$/.test(wanted)) return name === wanted || name.endsWith(`/${wanted}`);
  const fn = name.replace(/ \([^()]*\)$/, '');
  const match = wildcard(wanted);
  return match(fn) || match(name);
}

/**
 * A runtime record and the samples per site since the process started, as Coz's cumulative
 * `samples` records (innermost in-scope frame), each with the samples taken while no delay
 * was inserted that had the site anywhere on the stack (`undelayed`, whose total the runtime
 * record carries): what a conventional profile of the same run would have seen.
 */
export function samplesBlock(native: NativeAddon, sites: SiteNames, runtimeNs: number): string {
  sites.refresh();
  const counts = new Map<string, { count: number; undelayed: number }>();
  const entry = (name: string) => {
    let e = counts.get(name);
    if (!e) {
      e = { count: 0, undelayed: 0 };
      counts.set(name, e);
    }
    return e;
  };
  forEachSiteCount(native.siteCounts(false), (site, samples) => {
    entry(sites.name(site)).count += samples;
  });
  const undelayed = native.undelayedSiteCounts();
  forEachSiteCount(undelayed.sites, (site, samples) => {
    entry(sites.name(site)).undelayed += samples;
  });
  return formatRecords([
    {
      type: 'runtime',
      time: runtimeNs,
      undelayed_samples: undelayed.total,
      threads: native.status().threads,
      pid: process.pid,
    },
    ...[...counts].map(([location, c]) => ({
      type: 'samples' as const,
      location,
      count: c.count,
      undelayed: c.undelayed,
    })),
  ]);
}

/** The `function` field of an experiment on `site`, when its function is known. */
export function functionOf(native: NativeAddon, site: NativeSite): { function?: string } {
  if (site.functionId === undefined) return {};
  const name = native.functionName(site.functionId);
  return name === '' ? {} : { function: name };
}

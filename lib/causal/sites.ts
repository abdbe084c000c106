// Names of sites as users read them ("<file>:<line>", through source maps), and the
// native (file id, line) pairs behind them.
import type { NativeAddon } from '../native';
import { formatRecords } from '../profile/writer';
import { SourceLocations, scriptPath } from '../sampling/source-locations';
import type { ScopeTest } from './scope';

export interface NativeSite {
  fileId: number;
  line: number;
  /** The function of the site's latest sample (its name goes in the profile). */
  functionId?: number;
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
  private readonly sources = new SourceLocations();

  constructor(
    private readonly native: NativeAddon,
    private readonly inScope: ScopeTest,
  ) {}

  /** Learns files V8 has seen since the last call and tells native code which are in scope. */
  refresh(): void {
    const fresh = this.native.files(this.files.length);
    for (const scriptName of fresh) {
      const id = this.files.length;
      this.files.push(scriptName);
      this.native.setFileScope(id, this.inScope(scriptPath(scriptName)));
    }
  }

  name(site: NativeSite): string {
    const pos = this.sources.resolve(this.files[site.fileId] ?? '', site.line);
    return `${pos.file}:${site.line > 0 ? pos.line : 0}`;
  }

  /**
   * The sites whose name ends with `wanted` ("file:line", matched on whole path segments),
   * among the given ones.
   */
  matching(wanted: string, among: readonly NativeSite[]): NativeSite[] {
    return among.filter((s) => {
      const name = this.name(s);
      return name === wanted || name.endsWith(`/${wanted}`);
    });
  }
}

/** Samples per site since the process started, as Coz's cumulative `samples` records. */
export function samplesBlock(native: NativeAddon, sites: SiteNames): string {
  sites.refresh();
  const byName = new Map<string, number>();
  forEachSiteCount(native.siteCounts(false), (site, samples) => {
    const name = sites.name(site);
    byName.set(name, (byName.get(name) ?? 0) + samples);
  });
  return formatRecords(
    [...byName].map(([location, count]) => ({ type: 'samples', location, count })),
  );
}

/** The `function` field of an experiment on `site`, when its function is known. */
export function functionOf(native: NativeAddon, site: NativeSite): { function?: string } {
  if (site.functionId === undefined) return {};
  const name = native.functionName(site.functionId);
  return name === '' ? {} : { function: name };
}

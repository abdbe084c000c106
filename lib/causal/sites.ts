// Names of sites as users read them ("<file>:<line>", through source maps), and the
// native (file id, line) pairs behind them.
import type { NativeAddon } from '../native';
import { formatRecords } from '../profile/writer';
import { SourceLocations, scriptPath } from '../sampling/source-locations';
import type { ScopeTest } from './scope';

export interface NativeSite {
  fileId: number;
  line: number;
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
  const flat = native.siteCounts(false);
  const byName = new Map<string, number>();
  for (let i = 0; i + 2 < flat.length; i += 3) {
    const name = sites.name({ fileId: flat[i] as number, line: flat[i + 1] as number });
    byName.set(name, (byName.get(name) ?? 0) + (flat[i + 2] as number));
  }
  return formatRecords(
    [...byName].map(([location, count]) => ({ type: 'samples', location, count })),
  );
}

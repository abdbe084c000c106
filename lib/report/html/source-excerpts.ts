// The lines around each site, read from disk when the report is made, so the page can show
// them offline. A file is looked for where the profiled program ran (its cwd, recorded in
// the profile), then beside the profile, then here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunSummary, SiteReport } from '../types';
import type { SourceExcerpt } from './page-data';

/** Lines shown on each side of the site's line. */
export const CONTEXT_LINES = 3;

/** Longest line kept: a minified bundle's one line would otherwise fill the page. */
const MAX_LINE_CHARS = 240;

function siteFileAndLine(site: string): { file: string; line: number } | undefined {
  const m = /^(.*):(\d+)$/.exec(site);
  return m ? { file: m[1] as string, line: Number(m[2]) } : undefined;
}

function readLines(file: string, cache: Map<string, string[] | null>): string[] | null {
  let lines = cache.get(file);
  if (lines === undefined) {
    try {
      lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      lines = null;
    }
    cache.set(file, lines);
  }
  return lines;
}

function excerpt(
  site: SiteReport,
  dirs: readonly string[],
  cache: Map<string, string[] | null>,
): SourceExcerpt {
  if (site.kind === 'native') return { missing: 'native code: no source line' };
  if (site.kind === 'node')
    return { missing: "Node's own JavaScript is built into the node binary" };
  const at = siteFileAndLine(site.site);
  if (at === undefined) return { missing: 'no line number' };
  const candidates = path.isAbsolute(at.file) ? [at.file] : dirs.map((d) => path.join(d, at.file));
  for (const file of candidates) {
    const lines = readLines(file, cache);
    if (lines === null) continue;
    if (at.line < 1 || at.line > lines.length) {
      return {
        missing: `${file} has ${lines.length} lines, not ${at.line}: changed since the run?`,
      };
    }
    const first = Math.max(1, at.line - CONTEXT_LINES);
    const last = Math.min(lines.length, at.line + CONTEXT_LINES);
    const shown = lines
      .slice(first - 1, last)
      .map((l) => (l.length > MAX_LINE_CHARS ? `${l.slice(0, MAX_LINE_CHARS)}…` : l));
    return { file, line: at.line, first, lines: shown };
  }
  return { missing: `not found (looked in ${candidates.join(', ')})` };
}

/** Each site's excerpt, by site name. */
export function sourceExcerpts(
  sites: readonly SiteReport[],
  runs: readonly RunSummary[],
  profilePaths: readonly string[],
): Record<string, SourceExcerpt> {
  const dirs = [
    ...new Set([
      ...runs.flatMap((r) => (r.cwd === null ? [] : [r.cwd])),
      ...profilePaths.map((p) => path.dirname(path.resolve(p))),
      process.cwd(),
    ]),
  ];
  const cache = new Map<string, string[] | null>();
  const out: Record<string, SourceExcerpt> = {};
  for (const site of sites) {
    if (!Object.hasOwn(out, site.site)) out[site.site] = excerpt(site, dirs, cache);
  }
  return out;
}

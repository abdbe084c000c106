// Output paths with a pattern, for programs of many processes (a cluster, a fleet of pods):
// %p is the process id, %h the host name, %% a percent sign. Each process expands its own,
// so each writes its own file; `causalprof report` reads them all at once.
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from './usage-error';

/** A host name as a part of a file name. */
function hostPart(host: string): string {
  return host.replace(/[/\\0]/g, '_');
}

/** A profile's name with `-<suffix>` before its extension: cpu.pb.gz -> cpu-4242.pb.gz. */
export function besideProfile(output: string, suffix: string): string {
  const ext = /(\.pb\.gz|\.cpuprofile|\.html?)$/.exec(output)?.[0] ?? path.extname(output);
  return `${output.slice(0, output.length - ext.length)}-${suffix}${ext}`;
}

/** Whether the path holds a pattern to expand (%p or %h). */
export function hasOutputPattern(file: string): boolean {
  return /%[ph]/.test(file.replace(/%%/g, ''));
}

/**
 * The path with %p, %h and %% expanded; a UsageError for any other %, naming `where` (what
 * gave the path, as "CAUSALPROF_OUTPUT=" or "--output ").
 */
export function expandOutputPattern(
  file: string,
  where: string,
  pid: number = process.pid,
  host: string = os.hostname(),
): string {
  return file.replace(/%(.?)/g, (_, c: string) => {
    if (c === 'p') return String(pid);
    if (c === 'h') return hostPart(host);
    if (c === '%') return '%';
    throw new UsageError(
      `${where}${file}: "%${c}" is not a pattern; use %p (process id), %h (host name) or %% (a percent sign)`,
    );
  });
}

/** A matcher for the files a pattern expands to on this host, any pid. */
export function outputPatternRegExp(file: string, host: string = os.hostname()): RegExp {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const parts = file.split(/(%[ph%])/).map((part) => {
    if (part === '%p') return '\\d+';
    if (part === '%h') return literal(hostPart(host));
    if (part === '%%') return '%';
    return literal(part);
  });
  return new RegExp(`^${parts.join('')}$`);
}

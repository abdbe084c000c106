// Which files are the program's own: a site is the innermost frame in one of them.
// Default: files on disk, not under node_modules, not Node's internals, not causalprof.
// With --scope globs, exactly the files matching one of them (absolute or relative to cwd).
import * as path from 'node:path';
import picomatch from 'picomatch';

// causalprof's own compiled code (dist/), wherever the package is.
const OWN_CODE = path.resolve(__dirname, '..', '..') + path.sep;

export type ScopeTest = (file: string) => boolean;

export function makeScope(globs: readonly string[], cwd: string): ScopeTest {
  if (globs.length === 0) {
    return (file) =>
      path.isAbsolute(file) &&
      !file.split(path.sep).includes('node_modules') &&
      !file.startsWith(OWN_CODE);
  }
  const match = picomatch(globs as string[], { dot: true });
  return (file) => path.isAbsolute(file) && (match(file) || match(path.relative(cwd, file)));
}

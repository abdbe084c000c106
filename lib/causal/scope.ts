// Which code may be a causal site: a site is the innermost frame of a sample in scope.
//
// By default: the program's own files (on disk, not under node_modules, not Node's internals,
// not causalprof). `--scope` patterns add to that or replace it:
// - `node:<specifier>` adds Node's own JavaScript: `node:internal/http2/core`, a glob such as
//   `node:internal/http2/*`, or `node:*` for all of it. A specifier also takes what lies
//   under it (`node:internal/http2` is every file of that directory).
// - `npm:<package>` adds a package from node_modules (`npm:express`, `npm:@fastify/*`): the
//   files whose innermost node_modules directory is that package.
// - `native` adds every native function (the node binary, shared libraries, addons);
//   `native:<library glob>` those of matching libraries (by file name: `native:libcrypto*`,
//   `native:node`), `native:<library glob>:<symbol glob>` matching functions only
//   (`native:*:deflate*`).
// - anything else is a file glob (absolute, or relative to the working directory); file
//   globs replace the default set of the program's own files.
import * as path from 'node:path';
import picomatch from 'picomatch';
import { UsageError } from '../config';
import { wildcard } from './wildcard';

// causalprof's own compiled code (dist/), wherever the package is.
const OWN_CODE = path.resolve(__dirname, '..', '..') + path.sep;

export type ScopeTest = (file: string) => boolean;
/** For native functions: the function's name and its object's path. */
export type NativeScopeTest = (name: string, object: string) => boolean;

export interface Scope {
  /** JS scripts, by script name (a path, or a node: specifier). */
  file: ScopeTest;
  /** Native functions; undefined when no native code is in scope (the common case). */
  native: NativeScopeTest | undefined;
}

function isOwnFile(file: string): boolean {
  return (
    path.isAbsolute(file) &&
    !file.split(path.sep).includes('node_modules') &&
    !file.startsWith(OWN_CODE)
  );
}

/** A glob that also takes whatever lies below what it names. */
function specifierMatcher(pattern: string): (value: string) => boolean {
  const here = picomatch(pattern, { dot: true });
  const below = picomatch(`${pattern}/**`, { dot: true });
  return (value) => here(value) || below(value);
}

/** The package a file belongs to: the path after its innermost node_modules. */
function packageOf(file: string): string | undefined {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const first = parts[at + 1] as string;
  return first.startsWith('@') && at + 2 < parts.length ? `${first}/${parts[at + 2]}` : first;
}

function nativeMatcher(pattern: string, where: string): NativeScopeTest {
  if (pattern === 'native') return () => true;
  const rest = pattern.slice('native:'.length);
  const colon = rest.indexOf(':');
  const library = colon < 0 ? rest : rest.slice(0, colon);
  const symbol = colon < 0 ? '*' : rest.slice(colon + 1);
  if (library === '' || symbol === '') {
    throw new UsageError(
      `${where} ${pattern}: give native, native:<library glob> or native:<library glob>:<symbol glob>, e.g. native:*:deflate*`,
    );
  }
  const libraryMatch = wildcard(library);
  const symbolMatch = wildcard(symbol);
  return (name, object) => libraryMatch(path.basename(object)) && symbolMatch(name);
}

/** The scope from --scope patterns (or CAUSALPROF_SCOPE); `where` names them in errors. */
export function makeScope(patterns: readonly string[], cwd: string, where = '--scope'): Scope {
  const fileGlobs: string[] = [];
  const extra: ScopeTest[] = [];
  const natives: NativeScopeTest[] = [];
  for (const pattern of patterns) {
    if (pattern.trim() === '')
      throw new UsageError(`${where}: an empty pattern; give a glob, node:, npm: or native`);
    if (pattern.startsWith('node:')) {
      extra.push(specifierMatcher(pattern));
    } else if (pattern.startsWith('npm:')) {
      const name = pattern.slice('npm:'.length);
      if (name === '')
        throw new UsageError(`${where} ${pattern}: name a package, e.g. npm:express`);
      const match = picomatch(name, { dot: true });
      extra.push((file) => {
        const pkg = packageOf(file);
        return pkg !== undefined && match(pkg);
      });
    } else if (pattern === 'native' || pattern.startsWith('native:')) {
      natives.push(nativeMatcher(pattern, where));
    } else {
      fileGlobs.push(pattern);
    }
  }
  let own: ScopeTest = isOwnFile;
  if (fileGlobs.length > 0) {
    const match = picomatch(fileGlobs, { dot: true });
    own = (file) => path.isAbsolute(file) && (match(file) || match(path.relative(cwd, file)));
  }
  return {
    file: (file) => own(file) || extra.some((test) => test(file)),
    native:
      natives.length === 0 ? undefined : (name, object) => natives.some((t) => t(name, object)),
  };
}

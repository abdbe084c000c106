import type { SiteKind } from './types';

/**
 * What kind of code a site is, from its name: a line of the program's own files, of Node's
 * own JavaScript (node:...), of a package under node_modules, or a native function
 * ("deflate_slow (node)", named by function and object, with no line).
 */
export function siteKind(site: string): SiteKind {
  if (!/:\d+$/.test(site)) return 'native';
  if (site.startsWith('node:')) return 'node';
  if (/[\\/]node_modules[\\/]/.test(site)) return 'package';
  return 'own';
}

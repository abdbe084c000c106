// Which addon binary to load. The addon uses V8's C++ API, so a binary fits one Node ABI
// (NODE_MODULE_VERSION) only, and one built for another Node kills the program at the first
// missing V8 symbol. node-gyp-build prefers build/Release to prebuilds/, so a clone built on
// Node 20 and run on Node 24 (a version manager's switch) would load the wrong one. Each
// binary carries its ABI as text (native/abi_marker.cc), read here without loading it.
import * as fs from 'node:fs';
import * as path from 'node:path';

const MARKER = 'causalprof-node-abi:';

/** Node lines by ABI, for the message (process.versions.modules of each line). */
const LINES: Record<string, string> = { '115': 'Node 20', '127': 'Node 22', '137': 'Node 24' };

export class NativeBinaryError extends Error {}

/** The ABI a binary was built for, from its marker; undefined for a binary without one. */
export function binaryAbi(file: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const at = bytes.indexOf(MARKER);
  if (at < 0) return undefined;
  const end = bytes.indexOf(';', at);
  return end < 0 ? undefined : bytes.subarray(at + MARKER.length, end).toString('latin1');
}

function lineOf(abi: string): string {
  return LINES[abi] ?? `ABI ${abi}`;
}

/**
 * The binary to load for this Node: node-gyp-build's choice when it fits (or predates the
 * marker), else this ABI's prebuild. Throws NativeBinaryError, one line, when none fits.
 */
export function chooseBinary(packageDir: string): string {
  const gypBuild = require('node-gyp-build') as { path(dir: string): string };
  // node-gyp-build reads CAUSALPROF_PREBUILD (from the package name) in place of the
  // package directory; so do we (scripts/node-lines.sh points it at prebuilds only).
  const dir = process.env.CAUSALPROF_PREBUILD ?? packageDir;
  const abi = process.versions.modules;
  const rebuild = `rebuild it for this Node with \`npm rebuild causalprof\` (in a clone of causalprof: \`npx node-gyp rebuild\`)`;
  let chosen: string;
  try {
    chosen = gypBuild.path(dir);
  } catch {
    throw new NativeBinaryError(
      `no addon binary in ${dir} for ${process.version} (ABI ${abi}); ${rebuild}`,
    );
  }
  const built = binaryAbi(chosen);
  if (built === undefined || built === abi) return chosen;
  const prebuild = path.join(
    dir,
    'prebuilds',
    `${process.platform}-${process.arch}`,
    `causalprof.abi${abi}.node`,
  );
  if (binaryAbi(prebuild) === abi) return prebuild;
  throw new NativeBinaryError(
    `the addon ${chosen} was built for ${lineOf(built)} (ABI ${built}), but this is Node ${process.version} (ABI ${abi}); ${rebuild}`,
  );
}

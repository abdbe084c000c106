#!/usr/bin/env node
// Bundles the HTML pages' code (page/report/, page/flame/) with the libraries they draw with
// (uPlot, d3-flame-graph) into dist/pages/<name>.js, one self-contained script each, which
// lib/html/document.ts inlines into every page it writes. Run by `npm run build:ts`.
'use strict';

const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const pages = { report: 'page/report/main.ts', flame: 'page/flame/main.ts' };

for (const [name, entry] of Object.entries(pages)) {
  esbuild.buildSync({
    entryPoints: [path.join(root, entry)],
    outfile: path.join(root, 'dist', 'pages', `${name}.js`),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    // Stylesheets arrive as strings for the page to add; nothing is fetched at runtime.
    loader: { '.css': 'text' },
    legalComments: 'inline',
    logLevel: 'warning',
  });
}

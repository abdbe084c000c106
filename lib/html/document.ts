// One self-contained HTML page: its data as JSON in a non-executable script element, and its
// code (built by scripts/build-pages.js, libraries included) inline. Nothing is fetched, so
// the page works from disk with no network.
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A value as JSON that can sit inside <script>: "<" is escaped so no string in it (a file
 * named "</script><img onerror=...>") can end the element, and U+2028/2029 so older parsers
 * read it as JSON reads it. The page reads it back with JSON.parse, never as markup.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Text as HTML character data (for the title, the one string outside the JSON). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The package's root: the nearest directory above this file with our package.json. */
function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`causalprof: no package.json above ${__dirname}`);
    dir = parent;
  }
}

/** A page's bundled script, as `npm run build:ts` wrote it to dist/pages/. */
export function pageScript(name: 'report' | 'flame'): string {
  const file = path.join(packageRoot(), 'dist', 'pages', `${name}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(
      `causalprof: the ${name} page's script ${file} is missing; build it with \`npm run build:ts\``,
    );
  }
}

export interface PageParts {
  title: string;
  /** Read by the page from <script id="data" type="application/json">. */
  data: unknown;
  script: string;
}

export function htmlDocument({ title, data, script }: PageParts): string {
  // A script's text cannot hold "</script": the bundler never writes it, and we check.
  if (/<\/script/i.test(script)) throw new Error('causalprof: page script contains </script');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network: the page may only use what it carries.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body>',
    '<noscript>This page draws its plots with JavaScript; enable it to see them.</noscript>',
    `<script id="data" type="application/json">${jsonForScript(data)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

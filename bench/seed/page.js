// The page every request gets: a search engine's home page, rendered from a template each
// time (as a server rendering per request does) and compressed with gzip, as the Go study's
// server did with google.com's. Shared by the inline server and the pool's workers.
const zlib = require('node:zlib');

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

// Fixed content: 400 links and trends with varied text (a page of repeated text would
// compress to almost nothing), a block of inline script and style. The words come from a
// seeded generator, so every run serves the same page (about 170 KB, 45 KB gzipped).
const WORDS =
  'search news images maps video weather sports market travel recipe music film science health history garden review guide local update'.split(
    ' ',
  );
let seed = 12345;
const next = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed;
};
const words = (n) =>
  Array.from(
    { length: n },
    () => WORDS[next() % WORDS.length] + (next() % 7 === 0 ? `${next() % 1000}` : ''),
  ).join(' ');
const LINKS = Array.from({ length: 400 }, (_, i) => ({
  href: `https://example.com/search?q=${words(2).replace(/ /g, '+')}&hl=en&source=hp&ei=${next().toString(36)}`,
  title: `${words(4)} <b>#${i}</b>: "${words(3)}" & more`,
  snippet: words(28),
}));
const SCRIPT = `(function(){${'var a=[];for(var i=0;i<10;i++){a.push(i*i)}window.g=a;'.repeat(120)}})();`;
const STYLE = `.r{margin:0;padding:0}${'.c{color:#202124;font:14px arial,sans-serif}'.repeat(150)}`;

function render(query) {
  const items = LINKS.map(
    (l) =>
      `<li class="r"><a href="${escapeHtml(l.href)}">${escapeHtml(l.title)}</a><div class="s">${escapeHtml(l.snippet)}</div></li>`,
  ).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Search</title><style>${STYLE}</style></head><body><form action="/search"><input name="q" value="${escapeHtml(query)}"></form><ul>${items}</ul><script>${SCRIPT}</script></body></html>`;
}

/**
 * The compressed page for a request's path. GZIP_LEVEL (zlib's default, 6) is the change
 * the seed experiment tries: level 1 searches for matches much less (deflate_fast, shorter
 * hash chains), for a somewhat larger page.
 */
const LEVEL = Number(process.env.GZIP_LEVEL || zlib.constants.Z_DEFAULT_COMPRESSION);
function page(path) {
  return zlib.gzipSync(render(path), { level: LEVEL });
}

module.exports = { page, render };

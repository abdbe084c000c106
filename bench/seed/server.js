// The seed experiment's server: HTTP/2 over TLS, every request answered with the same large
// page (page.js) and the response headers a search engine's home page comes with.
//
//   VARIANT=inline  render and compress on the main thread (default)
//   VARIANT=pool    render and compress in a pool of worker threads (piscina)
//   PORT (8443), KEY / CERT (PEM files; run.js makes a self-signed pair at run time)
//   GZIP_LEVEL      zlib's level (default 6); 1 is the change run.js measures
// Stops on SIGINT or SIGTERM.
const fs = require('node:fs');
const http2 = require('node:http2');
const path = require('node:path');
const { page } = require('./page');

const VARIANT = process.env.VARIANT || 'inline';
const PORT = Number(process.env.PORT || 8443);

function headers(length) {
  return {
    ':status': 200,
    'content-type': 'text/html; charset=UTF-8',
    'content-encoding': 'gzip',
    'content-length': length,
    'cache-control': 'private, max-age=0',
    expires: '-1',
    date: new Date().toUTCString(),
    server: 'seed',
    'x-xss-protection': '0',
    'x-frame-options': 'SAMEORIGIN',
    'strict-transport-security': 'max-age=31536000',
    'content-security-policy-report-only':
      "object-src 'none';base-uri 'self';script-src 'nonce-abc' 'strict-dynamic' 'report-sample' 'unsafe-eval' 'unsafe-inline' https: http:;report-uri https://csp.example.com/csp/gws/other-hp",
    'set-cookie':
      'AEC=AVh_V2ge-uZxYkk7Tx2pqc; expires=Sat, 30-May-2026 08:00:00 GMT; path=/; domain=.example.com; Secure; HttpOnly; SameSite=lax',
    'alt-svc': 'h3=":443"; ma=2592000,h3-29=":443"; ma=2592000',
    vary: 'Accept-Encoding',
  };
}

let renderPage = async (p) => page(p);
let pool;
if (VARIANT === 'pool') {
  const { Piscina } = require('piscina');
  pool = new Piscina({ filename: path.join(__dirname, 'page-worker.js'), maxThreads: 2 });
  renderPage = (p) =>
    pool.run(p).then((bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
}

const server = http2.createSecureServer({
  key: fs.readFileSync(process.env.KEY),
  cert: fs.readFileSync(process.env.CERT),
});
server.on('stream', (stream, reqHeaders) => {
  renderPage(reqHeaders[':path'] ?? '/').then(
    (body) => {
      if (stream.destroyed) return;
      stream.respond(headers(body.length));
      stream.end(body);
    },
    (err) => stream.destroy(err),
  );
});
server.listen(PORT, '127.0.0.1', () =>
  console.log(`seed server (${VARIANT}) on https://127.0.0.1:${server.address().port}/`),
);

const stop = () => {
  server.close();
  for (const session of sessions) session.destroy();
  pool?.destroy();
};
const sessions = new Set();
server.on('session', (s) => {
  sessions.add(s);
  s.on('close', () => sessions.delete(s));
});
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

// An HTTP/2 server over TLS for the --load and --http-latency tests: each request runs
// LINE-WORK (WORK_ITERS sqrt steps) and gets a small page. KEY and CERT name PEM files;
// it listens on PORT (0: any) and prints "listening <port>"; SIGINT ends it.
const fs = require('node:fs');
const http2 = require('node:http2');

const ITERS = Number(process.env.WORK_ITERS || 2e5);
const server = http2.createSecureServer({
  key: fs.readFileSync(process.env.KEY),
  cert: fs.readFileSync(process.env.CERT),
});
server.on('stream', (stream) => {
  const m = ITERS;
  let x = 0;
  for (let i = 0; i < m; i++) x = Math.sqrt(x + i); // LINE-WORK
  stream.respond({ ':status': 200, 'content-type': 'text/plain' });
  stream.end(`${x}\n`);
});
const sessions = new Set();
server.on('session', (s) => {
  sessions.add(s);
  s.on('close', () => sessions.delete(s));
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.once('SIGINT', () => {
  server.close();
  for (const s of sessions) s.destroy();
});

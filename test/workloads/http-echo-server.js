// An HTTP server with no progress points of its own: `--http-latency` must give it one.
// Prints its port; answers /work?n=N with a checksum of N; /quit ends it.
const http = require('node:http');

function checksum(n) {
  let h = 0;
  for (let i = 0; i < 20000; i++) h = (h * 31 + ((n + i) % 97)) % 1000003; // WORK
  return h;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/quit') {
    res.end('bye');
    server.close();
    server.closeAllConnections();
    return;
  }
  res.end(String(checksum(Number(url.searchParams.get('n')))));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));

// h2load (Debian's nghttp2-client), run as the seed experiment runs it: one connection, 10
// concurrent streams, a browser's request headers; and what it prints, read back.
const { spawnSync } = require('node:child_process');

const BROWSER_HEADERS = [
  'accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'accept-encoding: gzip, deflate, br, zstd',
  'accept-language: en-US,en;q=0.9',
  'cache-control: no-cache',
  'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
];

/** The shell command, with {port} for the port the server listens on; `pin` a taskset CPU list. */
function h2loadCommand(seconds, pin) {
  const headers = BROWSER_HEADERS.map((h) => `-H '${h}'`).join(' ');
  const taskset = pin ? `taskset -c ${pin} ` : '';
  return `${taskset}h2load -D ${seconds} -c 1 -m 10 ${headers} https://127.0.0.1:{port}/`;
}

function available() {
  return spawnSync('h2load', ['--version'], { encoding: 'utf8' }).status === 0;
}

const UNIT_MS = { us: 1e-3, ms: 1, s: 1000 };

/** req/s and the mean time per request (ms) from h2load's output; undefined if absent. */
function parseH2load(text) {
  const rate = /finished in [\d.]+s, ([\d.]+) req\/s/.exec(text);
  const time = /time for request:\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)\s/.exec(text);
  const done = /requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed/.exec(
    text,
  );
  if (!rate || !time || !done) return undefined;
  return {
    reqPerSec: Number(rate[1]),
    meanMs: Number(time[1]) * UNIT_MS[time[2]],
    succeeded: Number(done[2]),
    failed: Number(done[3]),
  };
}

module.exports = { h2loadCommand, parseH2load, available };

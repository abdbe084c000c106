// --http-latency: a latency progress point 'http' from each request's arrival to its
// response's end, for node:http and node:http2 servers, with no change to the program.
//
// - HTTP/1: the diagnostics channels http.server.request.start and
//   http.server.response.finish (every supported Node line).
// - HTTP/2: a server stream from its arrival to its close. Node publishes
//   http2.server.stream.start and http2.server.stream.close on the lines that have them
//   (22.23 and 24.22 here; 20.20 does not); everywhere, the servers made by
//   http2.createServer/createSecureServer also get a first 'stream' listener that watches
//   each stream's 'close'. A stream counts once, whichever of the two sees it first.
import * as dc from 'node:diagnostics_channel';
import type * as Http2 from 'node:http2';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { begin, end } from '../progress';

export const HTTP_LATENCY_POINT = 'http';

const begun = new WeakSet<object>();
const ended = new WeakSet<object>();

function streamBegins(stream: object): void {
  if (begun.has(stream)) return;
  begun.add(stream);
  begin(HTTP_LATENCY_POINT);
}

function streamEnds(stream: object): void {
  if (!begun.has(stream) || ended.has(stream)) return;
  ended.add(stream);
  end(HTTP_LATENCY_POINT);
}

function watchServer(server: Http2.Http2Server | Http2.Http2SecureServer): void {
  server.prependListener('stream', (stream: Http2.ServerHttp2Stream) => {
    streamBegins(stream);
    stream.once('close', () => streamEnds(stream));
  });
}

function installHttp2Fallback(): void {
  const http2 = createRequire(__filename)('node:http2') as typeof Http2;
  const { createServer, createSecureServer } = http2;
  const mutable = http2 as { -readonly [K in keyof typeof Http2]: (typeof Http2)[K] };
  mutable.createServer = ((...args: Parameters<typeof createServer>) => {
    const server = createServer(...args);
    watchServer(server);
    return server;
  }) as typeof createServer;
  mutable.createSecureServer = ((...args: Parameters<typeof createSecureServer>) => {
    const server = createSecureServer(...args);
    watchServer(server);
    return server;
  }) as typeof createSecureServer;
  syncBuiltinESMExports(); // so `import { createSecureServer } from 'node:http2'` sees them too
}

export function installHttpLatencyPoint(): void {
  dc.subscribe('http.server.request.start', () => begin(HTTP_LATENCY_POINT));
  dc.subscribe('http.server.response.finish', () => end(HTTP_LATENCY_POINT));
  dc.subscribe('http2.server.stream.start', (message) => {
    const { stream } = message as { stream: object };
    streamBegins(stream);
  });
  dc.subscribe('http2.server.stream.close', (message) => {
    const { stream } = message as { stream: object };
    streamEnds(stream);
  });
  installHttp2Fallback();
}

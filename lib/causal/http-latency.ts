// --http-latency: a latency progress point 'http' from each HTTP server request's start
// to its response's finish, through node:diagnostics_channel (no change to the program).
import * as dc from 'node:diagnostics_channel';
import { begin, end } from '../progress';

export const HTTP_LATENCY_POINT = 'http';

export function installHttpLatencyPoint(): void {
  dc.subscribe('http.server.request.start', () => begin(HTTP_LATENCY_POINT));
  dc.subscribe('http.server.response.finish', () => end(HTTP_LATENCY_POINT));
}

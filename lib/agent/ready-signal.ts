// For `--load` without `--ready`: tells the CLI when the program starts listening on a port,
// by appending a line to the file named by CAUSALPROF_READY_FILE. Every server (net, http,
// https, tls, http2) is a net.Server and emits 'listening' through its prototype's emit.
import * as fs from 'node:fs';
import * as net from 'node:net';

export function reportListening(readyFile: string): void {
  const proto = net.Server.prototype;
  const emit = proto.emit as (
    this: net.Server,
    event: string | symbol,
    ...args: unknown[]
  ) => boolean;
  proto.emit = function (this: net.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'listening') {
      const address = this.address();
      const where = typeof address === 'string' ? address : `${address?.address}:${address?.port}`;
      try {
        fs.appendFileSync(readyFile, `listening ${process.pid} ${where}\n`);
      } catch {
        // the CLI is gone or the file was removed: nobody is waiting
      }
    }
    return emit.call(this, event, ...args);
  } as typeof proto.emit;
}

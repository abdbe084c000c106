// The program's own system calls under sampling and delays: the main thread and a worker
// each hammer files, a pipe, a Unix and a TCP socket, child processes and a timed futex wait
// for RUN_MS (default 3000), between short bursts of CPU work on their own line (each
// marked as busy) that an experiment can select, so that the other thread takes signals and
// pays delays in the middle of its I/O. Every failure is counted by operation and error
// code (EINTR is what a signal without SA_RESTART, or a call that is never restarted, would
// give). Prints one line per thread: {"thread":..,"ops":{op:count},"errors":{"op:CODE":count}}.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { Worker, isMainThread, workerData } = require('node:worker_threads');
const { progress } = require('../..');

const RUN_MS = Number(process.env.RUN_MS || 3000);
const me = isMainThread ? 'main' : 'worker';
const dir = isMainThread ? fs.mkdtempSync(path.join(os.tmpdir(), 'causalprof-eintr-')) : workerData;
const ops = {};
const errors = {};
const PAYLOAD = Buffer.alloc(1 << 16, me);
let sink = 0;

function busyMain() {
  for (let i = 0; i < 100000; i++) sink += Math.sqrt(i); // MAIN-BUSY
}
function busyWorker() {
  for (let i = 0; i < 100000; i++) sink += Math.sqrt(i); // WORKER-BUSY
}

async function counted(op, f) {
  try {
    await f();
    ops[op] = (ops[op] ?? 0) + 1;
  } catch (err) {
    const key = `${op}:${err.code ?? err.message}`;
    errors[key] = (errors[key] ?? 0) + 1;
  }
}

/** Sends PAYLOAD to an echo server at `address` and waits for all of it to come back. */
function roundTrip(address) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address);
    let got = 0;
    socket.on('error', reject);
    socket.on('data', (d) => {
      got += d.length;
      if (got >= PAYLOAD.length) socket.end();
    });
    socket.on('close', () =>
      got === PAYLOAD.length ? resolve() : reject(new Error(`echoed ${got}`)),
    );
    socket.write(PAYLOAD);
  });
}

function echoServer(listenOn) {
  return new Promise((resolve) => {
    const server = net.createServer((s) => s.pipe(s));
    server.listen(listenOn, () => resolve(server));
  });
}

/** A child that echoes its stdin: a pipe both ways, kept for the whole run. */
function pipeEcho() {
  const child = spawn(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return {
    child,
    roundTrip: () =>
      new Promise((resolve) => {
        let got = 0;
        const onData = (d) => {
          got += d.length;
          if (got < PAYLOAD.length) return;
          child.stdout.off('data', onData);
          resolve();
        };
        child.stdout.on('data', onData);
        child.stdin.write(PAYLOAD);
      }),
  };
}

async function hammer() {
  const busy = isMainThread ? busyMain : busyWorker;
  const file = path.join(dir, `${me}.bin`);
  const unix = await echoServer(path.join(dir, `${me}.sock`));
  const tcp = await echoServer({ host: '127.0.0.1', port: 0 });
  const pipe = pipeEcho();
  const futex = new Int32Array(new SharedArrayBuffer(4));
  const end = Date.now() + RUN_MS;
  while (Date.now() < end) {
    busy();
    await counted('file-sync', () => {
      fs.writeFileSync(file, PAYLOAD);
      if (fs.readFileSync(file).length !== PAYLOAD.length) throw new Error('short read');
    });
    await counted('file-async', async () => {
      await fs.promises.writeFile(file, PAYLOAD);
      if ((await fs.promises.readFile(file)).length !== PAYLOAD.length)
        throw new Error('short read');
    });
    await counted('pipe', pipe.roundTrip);
    await counted('unix-socket', () => roundTrip(unix.address()));
    await counted('tcp-socket', () => roundTrip(tcp.address().port));
    await counted('child-sync', () => {
      if (execFileSync('/bin/echo', ['ok']).toString() !== 'ok\n') throw new Error('output');
    });
    await counted('futex-wait', () => {
      const r = Atomics.wait(futex, 0, 0, 2);
      if (r !== 'timed-out') throw new Error(r);
    });
    busy();
    progress('round');
  }
  pipe.child.stdin.end();
  unix.close();
  tcp.close();
  process.stdout.write(`${JSON.stringify({ thread: me, ops, errors })}\n`);
}

if (isMainThread) {
  const worker = new Worker(__filename, { workerData: dir });
  Promise.all([hammer(), new Promise((resolve) => worker.on('exit', resolve))]).then(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
} else {
  hammer();
}
globalThis.sink = () => sink;

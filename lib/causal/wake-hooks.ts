// The waiting rules of docs/causal-profiling.md, the Node way. A thread blocked in its
// event loop (native/event_loop_hooks.cc) or in Atomics.wait:
// - skips the delays inserted while it waited when another profiled thread woke it: a
//   message (MessagePort, Worker, including Node's own worker messages), Atomics.notify
//   ('ok' from Atomics.wait), a worker's exit;
// - owes them when a timer, a socket, a child process or the libuv threadpool woke it
//   (the loop's check phase settles that). Treating threadpool completions as the outside
//   world is what pausing the threadpool with every delay inserted meanwhile would do.
// A thread pays what it owes before it wakes another (postMessage, Atomics.notify, exit),
// and a new worker starts at the count of the thread that created it.
import { createRequire, syncBuiltinESMExports } from 'node:module';
import * as workerThreads from 'node:worker_threads';
import type { NativeAddon } from '../native';

// The method through which Node dispatches every MessagePort message to listeners, named
// by a registered symbol (lib/internal/per_context/messageport.js on Node 20, 22, 24).
const kHybridDispatch = Symbol.for('nodejs.internal.kHybridDispatch');

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

function wrapMethod(target: object, key: PropertyKey, make: (original: AnyFn) => AnyFn): boolean {
  const original = (target as Record<PropertyKey, unknown>)[key];
  if (typeof original !== 'function') return false;
  Object.defineProperty(target, key, {
    value: make(original as AnyFn),
    writable: true,
    configurable: true,
  });
  return true;
}

export function installWakeHooks(native: NativeAddon): void {
  native.installWakeHooks();
  // Node closes an ending worker's ports (which wakes its creator) before the env cleanup
  // hook that also does this runs: do it at the worker's 'exit' event, which comes first.
  if (!workerThreads.isMainThread) process.on('exit', () => native.threadExiting());
  const port = workerThreads.MessagePort.prototype;

  if (
    !wrapMethod(
      port,
      kHybridDispatch,
      (dispatch) =>
        function (this: unknown, ...args) {
          native.creditWake();
          return dispatch.apply(this, args);
        },
    )
  ) {
    process.emitWarning(
      'causalprof: cannot see MessagePort deliveries on this Node; threads woken by messages pay delays they should skip',
    );
  }
  for (const proto of [port, workerThreads.BroadcastChannel.prototype]) {
    wrapMethod(
      proto,
      'postMessage',
      (post) =>
        function (this: unknown, ...args) {
          native.catchUp();
          return post.apply(this, args);
        },
    );
  }

  const atomicsWait = Atomics.wait;
  const atomicsNotify = Atomics.notify;
  Atomics.wait = ((
    array: Int32Array | BigInt64Array,
    index: number,
    value: never,
    timeout?: number,
  ) => {
    native.beforeBlock();
    const result = atomicsWait(array as Int32Array, index, value, timeout);
    if (result === 'ok') native.creditWake();
    else native.endWake();
    native.catchUp();
    return result;
  }) as typeof Atomics.wait;
  Atomics.notify = ((array: Int32Array | BigInt64Array, index: number, count?: number) => {
    native.catchUp();
    return atomicsNotify(array as Int32Array, index, count);
  }) as typeof Atomics.notify;

  wrapMethod(
    workerThreads.Worker.prototype,
    'emit',
    (emit) =>
      function (this: unknown, ...args) {
        if (args[0] === 'exit') native.creditWake(); // the worker paid before exiting
        return emit.apply(this, args);
      },
  );

  const OriginalWorker = workerThreads.Worker;
  class Worker extends OriginalWorker {
    constructor(...args: ConstructorParameters<typeof OriginalWorker>) {
      super(...args);
      native.inheritDelay(this.threadId);
    }
  }
  // The module object is shared, so require() and (after the sync) import see the subclass.
  const mutable = createRequire(__filename)('node:worker_threads') as {
    Worker: typeof OriginalWorker;
  };
  mutable.Worker = Worker;
  syncBuiltinESMExports();
}

// Registers the calling JS thread with the sampler (main thread or worker).
import { isMainThread, threadId } from 'node:worker_threads';
import { loadNative } from './native';

let registered = false;

export function threadName(): string {
  return isMainThread ? 'main' : `worker ${threadId}`;
}

/** Registers this thread once; returns true if this call registered it. */
export function registerThisThread(): boolean {
  if (registered) return false;
  registered = true;
  return loadNative().registerThread(threadId, threadName());
}

export function isThisThreadRegistered(): boolean {
  return registered;
}

// Runs a final writer however the process ends: normal exit, process.exit(), an uncaught
// exception, or SIGINT/SIGTERM/SIGHUP. Where the program handles a signal itself, we leave
// it to do so (its exit then reaches our 'exit' hook); where it does not, we write and then
// re-raise the signal so the exit status is what it would have been without us.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function onProcessEnd(write: () => void): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    write();
  };
  process.on('exit', once);
  for (const signal of SIGNALS) {
    const handler = (): void => {
      if (process.listenerCount(signal) > 1) return; // the program's own handler decides
      once();
      process.removeListener(signal, handler);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

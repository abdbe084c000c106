// The sampling signal: a real-time signal (never SIGPROF, which V8's own profiler and
// other agents replace, nor SIGUSR1, Node's inspector).
#pragma once

namespace causalprof {

// Installs the handler once per process; returns the signal number.
int InstallSampleSignalHandler();

}  // namespace causalprof

// The sampling signal: a real-time signal (never SIGPROF, which V8's own profiler and
// other agents replace, nor SIGUSR1, Node's inspector).
#pragma once

namespace causalprof {

// Installs the handler once per process, on the first real-time signal from SIGRTMIN+4 on
// that has no handler; returns the signal number, or -1 when every one is taken.
int InstallSampleSignalHandler();

// Whether something (the program, another library) has since installed its own handler for
// signo: samples by signal then stop reaching this addon.
bool SampleSignalHandlerReplaced(int signo);

}  // namespace causalprof

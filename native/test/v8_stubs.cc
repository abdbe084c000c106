// The V8 functions the profiler's sources call, defined for the native tests, which link
// those sources into a plain executable with no V8 to run them. The tests feed the code map
// only events without a script, never calibrate builtins, never register a thread through
// V8 (they add thread states to the registry directly) and never install the sampling
// handler, so none of these is reached: each aborts if it is. If a native source starts calling another V8
// function, the test link fails with an undefined reference: add its stub here.
#include <v8.h>

#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void NeedsV8(const char* what) {
  fprintf(stderr, "native tests: %s needs a running V8\n", what);
  abort();
}

}  // namespace

namespace v8 {

HandleScope::HandleScope(Isolate*) { NeedsV8("HandleScope"); }
HandleScope::~HandleScope() {}

int UnboundScript::GetId() const { NeedsV8("UnboundScript::GetId"); }
Local<Value> UnboundScript::GetScriptName() { NeedsV8("UnboundScript::GetScriptName"); }
int UnboundScript::GetLineNumber(int) { NeedsV8("UnboundScript::GetLineNumber"); }

#if V8_MAJOR_VERSION >= 13
String::Utf8Value::Utf8Value(Isolate*, Local<v8::Value>, WriteOptions) { NeedsV8("String::Utf8Value"); }
#else
String::Utf8Value::Utf8Value(Isolate*, Local<v8::Value>) { NeedsV8("String::Utf8Value"); }
#endif
String::Utf8Value::~Utf8Value() {}

void Isolate::GetEmbeddedCodeRange(const void**, size_t*) { NeedsV8("Isolate::GetEmbeddedCodeRange"); }

// V8 defines it only where its unwinder needs it (ARM); RegisterState's destructor needs it
// complete.
struct CalleeSavedRegisters {};
RegisterState::RegisterState() = default;
RegisterState::~RegisterState() = default;
void Isolate::GetStackSample(const RegisterState&, void**, size_t, SampleInfo*) {
  NeedsV8("Isolate::GetStackSample");
}
void Isolate::SetJitCodeEventHandler(JitCodeEventOptions, JitCodeEventHandler) {
  NeedsV8("Isolate::SetJitCodeEventHandler");
}
void Isolate::AddGCPrologueCallback(GCCallbackWithData, void*, GCType) {
  NeedsV8("Isolate::AddGCPrologueCallback");
}
void Isolate::AddGCEpilogueCallback(GCCallbackWithData, void*, GCType) {
  NeedsV8("Isolate::AddGCEpilogueCallback");
}
void Isolate::RemoveGCPrologueCallback(GCCallbackWithData, void*) {
  NeedsV8("Isolate::RemoveGCPrologueCallback");
}
void Isolate::RemoveGCEpilogueCallback(GCCallbackWithData, void*) {
  NeedsV8("Isolate::RemoveGCEpilogueCallback");
}

}  // namespace v8

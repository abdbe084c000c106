// The few V8 functions that code_map.cc calls, defined for the native tests, which link
// the profiler's sources into a plain executable with no V8 to run them. The tests feed
// the code map only events without a script and never calibrate builtins, so none of
// these is reached: each aborts if it is. If a native source starts calling another V8
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

}  // namespace v8

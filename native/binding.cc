// The addon's entry: each concern registers its own functions (js_modules.h).
#include <napi.h>

#include "js_modules.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  causalprof::InitThreadJs(env, exports);
  causalprof::InitSamplerJs(env, exports);
  causalprof::InitProgressJs(env, exports);
  causalprof::InitExperimentJs(env, exports);
  causalprof::InitDelaysJs(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(causalprof, Init)

// Each concern's part of the addon's JS interface registers itself here; binding.cc calls
// them all. Validation happens in lib/native.ts: these trust their arguments.
#pragma once

#include <napi.h>

#include <string>
#include <vector>

namespace causalprof {

void InitThreadJs(Napi::Env env, Napi::Object exports);
void InitSamplerJs(Napi::Env env, Napi::Object exports);
void InitProgressJs(Napi::Env env, Napi::Object exports);
void InitExperimentJs(Napi::Env env, Napi::Object exports);
void InitDelaysJs(Napi::Env env, Napi::Object exports);

// A JS array of strings.
inline Napi::Value StringArray(Napi::Env env, const std::vector<std::string>& strings) {
  Napi::Array out = Napi::Array::New(env, strings.size());
  for (size_t i = 0; i < strings.size(); ++i) out.Set(static_cast<uint32_t>(i), strings[i]);
  return out;
}

}  // namespace causalprof

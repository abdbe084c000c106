// The addon's experiment functions: which files and native functions are in scope, an
// experiment's start and end, and the per-site sample counts the driver chooses from.
#include <napi.h>

#include "experiment.h"
#include "function_table.h"
#include "js_modules.h"

namespace causalprof {

namespace {

Napi::Value FilesJs(const Napi::CallbackInfo& info) {
  return StringArray(info.Env(), Functions().Files(info[0].As<Napi::Number>().Uint32Value()));
}

Napi::Value SetFileScope(const Napi::CallbackInfo& info) {
  SetFileInScope(info[0].As<Napi::Number>().Uint32Value(), info[1].As<Napi::Boolean>().Value());
  return info.Env().Undefined();
}

Napi::Value SetNativeScope(const Napi::CallbackInfo& info) {
  SetNativeFunctionInScope(info[0].As<Napi::Number>().Uint32Value(), info[1].As<Napi::Boolean>().Value());
  return info.Env().Undefined();
}

// nativeFunctions(from) -> [{id, name, file}] for the native functions interned from the
// `from`th on.
Napi::Value NativeFunctionsJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::vector<uint32_t> ids = Functions().NativeFunctions(info[0].As<Napi::Number>().Uint32Value());
  const std::vector<FunctionInfo> all = Functions().Snapshot();
  Napi::Array out = Napi::Array::New(env, ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    Napi::Object f = Napi::Object::New(env);
    f.Set("id", ids[i]);
    f.Set("name", all[ids[i]].name);
    f.Set("file", all[ids[i]].file);
    out.Set(static_cast<uint32_t>(i), f);
  }
  return out;
}

// startExperiment(fileId, line, functionId, delayPerHitNs): line 0 selects the native
// function functionId.
Napi::Value StartExperimentJs(const Napi::CallbackInfo& info) {
  StartExperiment(info[0].As<Napi::Number>().Uint32Value(), info[1].As<Napi::Number>().Int32Value(),
                  info[2].As<Napi::Number>().Uint32Value(), info[3].As<Napi::Number>().Int64Value());
  return info.Env().Undefined();
}

Napi::Value EndExperimentJs(const Napi::CallbackInfo& info) {
  const ExperimentCounts c = EndExperiment();
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("delayNs", static_cast<double>(c.delay_ns));
  out.Set("selectedSamples", static_cast<double>(c.selected_samples));
  out.Set("totalSamples", static_cast<double>(c.total_samples));
  out.Set("unpaidNs", static_cast<double>(c.unpaid_ns));
  return out;
}

// flat [fileId, line, samples, functionId, ...]
Napi::Array FlatSiteCounts(Napi::Env env, const std::vector<SiteCount>& sites) {
  Napi::Array out = Napi::Array::New(env, sites.size() * 4);
  for (size_t i = 0; i < sites.size(); ++i) {
    out.Set(static_cast<uint32_t>(4 * i), sites[i].file_id);
    out.Set(static_cast<uint32_t>(4 * i + 1), sites[i].line);
    out.Set(static_cast<uint32_t>(4 * i + 2), static_cast<double>(sites[i].samples));
    out.Set(static_cast<uint32_t>(4 * i + 3), sites[i].function_id);
  }
  return out;
}

Napi::Value SiteCountsJs(const Napi::CallbackInfo& info) {
  return FlatSiteCounts(info.Env(), SiteCounts(info[0].As<Napi::Boolean>().Value()));
}

// undelayedSiteCounts() -> { sites: flat as siteCounts (inclusive), total }
Napi::Value UndelayedSiteCountsJs(const Napi::CallbackInfo& info) {
  const UndelayedCounts counts = UndelayedSiteCounts();
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("sites", FlatSiteCounts(info.Env(), counts.inclusive));
  out.Set("total", static_cast<double>(counts.total));
  return out;
}

Napi::Value FunctionNameJs(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), Functions().NameOf(info[0].As<Napi::Number>().Uint32Value()));
}

}  // namespace

void InitExperimentJs(Napi::Env env, Napi::Object exports) {
  exports.Set("files", Napi::Function::New(env, FilesJs));
  exports.Set("setFileScope", Napi::Function::New(env, SetFileScope));
  exports.Set("nativeFunctions", Napi::Function::New(env, NativeFunctionsJs));
  exports.Set("setNativeScope", Napi::Function::New(env, SetNativeScope));
  exports.Set("startExperiment", Napi::Function::New(env, StartExperimentJs));
  exports.Set("endExperiment", Napi::Function::New(env, EndExperimentJs));
  exports.Set("siteCounts", Napi::Function::New(env, SiteCountsJs));
  exports.Set("undelayedSiteCounts", Napi::Function::New(env, UndelayedSiteCountsJs));
  exports.Set("functionName", Napi::Function::New(env, FunctionNameJs));
}

}  // namespace causalprof

// Turns a raw sample into frames (function id + line), innermost first, using the code
// map of the sampled isolate. Runs on the drain thread with the code map locked, before
// any code move is applied (so addresses still mean what they meant when sampled).
#pragma once

#include <cstddef>

#include "code_map.h"
#include "function_table.h"
#include "raw_sample.h"

namespace causalprof {

struct ResolvedStack {
  FrameKey frames[kMaxFrames + 2];  // a label or recovered leaf, the walk, a (truncated) root
  size_t count = 0;
  bool leaf_recovered = false;  // the running function came from registers, not V8's walk
};

void ResolveSample(const RawSample& sample, const CodeMap& map, ResolvedStack* out);

}  // namespace causalprof

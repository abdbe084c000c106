#include "copied_stack_walker.h"

#include <cstring>

#include "v8_compat.h"

namespace causalprof {

namespace {

// Frames on x64: [fp] is the caller's fp, [fp + 8] the return address into the caller; an
// interpreted frame's slots are in v8_compat.h.
constexpr intptr_t kCallerFpFromFp = 0;
constexpr intptr_t kReturnAddressFromFp = 8;
using compat::kBytecodeArrayFromFp;
using compat::kBytecodeOffsetFromFp;

class CopiedStack {
 public:
  explicit CopiedStack(const PerfSample& s) : low_(s.sp), high_(s.sp + s.stack_size), bytes_(s.stack) {}
  // The word that was at `address` when the sample was taken, if the copy holds it.
  bool Read(uintptr_t address, uintptr_t* word) const {
    if (address < low_ || address > high_ - sizeof(uintptr_t) || high_ - low_ < sizeof(uintptr_t) ||
        (address & (sizeof(uintptr_t) - 1)) != 0)
      return false;
    memcpy(word, bytes_ + (address - low_), sizeof *word);
    return true;
  }
  uintptr_t end() const { return high_; }

 private:
  uintptr_t low_, high_;
  const uint8_t* bytes_;
};

bool RunsInterpretedFrame(const CodeEntry* e) {
  return e != nullptr && (e->kind == CodeKind::kBytecodeHandler || e->kind == CodeKind::kInterpreterEntry);
}

}  // namespace

void RawSampleFromCopiedStack(const PerfSample& in, const CodeMap& map, bool in_gc, uintptr_t stack_high,
                              RawSample* out) {
  const CopiedStack stack(in);
  const CodeEntry* at_pc = map.Lookup(in.pc);
  out->time_ns = in.time_ns;
  out->weight = 1;
  out->cpu_ns = 0;
  out->vm_state = in_gc ? compat::kGc : at_pc == nullptr ? compat::kExternal : compat::kJs;
  out->pc = in.pc;
  out->sp = in.sp;
  out->fp = in.fp;
  out->r9 = in.r9;
  out->r12 = in.r12;
  out->stack_words_valid = stack.Read(in.sp, &out->word_at_sp) &&
                           stack.Read(in.fp + kBytecodeArrayFromFp, &out->frame_bytecode) &&
                           stack.Read(in.fp + kBytecodeOffsetFromFp, &out->frame_offset_smi);
  if (!out->stack_words_valid) out->word_at_sp = out->frame_bytecode = out->frame_offset_smi = 0;

  // Walk the frame-pointer chain: frame i runs the code at pc_i; its caller's fp and
  // return address are in its first two words. Like GetStackSample, report JS frames only:
  // an interpreted frame as its bytecode array + offset, a machine-code frame as its pc
  // (the resolver compares frames[0] with the leaf it recovers, so a builtin or C++ frame
  // on top must not hide the JS frame below it). The chain must rise strictly and stay in
  // the copy, so a frameless C++ function's garbage fp ends the walk instead of misleading it.
  uint32_t n = 0;
  uintptr_t pc = in.pc;
  uintptr_t fp = in.fp;
  out->stack_truncated = false;
  bool left_js = false;  // the walk has passed the frame that entered JS from C++
  for (bool leaf = true; n < kMaxFrames; leaf = false) {
    const CodeEntry* e = leaf ? at_pc : map.Lookup(pc - 1);  // return addresses point past the call
    if (e != nullptr && e->js_entry) left_js = true;
    if (RunsInterpretedFrame(e)) {
      uintptr_t array = 0, offset_smi = 0;
      intptr_t offset = 0;
      // A bytecode handler that calls out builds a frame of its own first: only a frame whose
      // slot holds a known bytecode array (exactly, see CodeMap::BytecodeForArray) and a Smi
      // offset is the interpreted frame.
      if (stack.Read(fp + kBytecodeArrayFromFp, &array) &&
          stack.Read(fp + kBytecodeOffsetFromFp, &offset_smi) && compat::SmiValue(offset_smi, &offset) &&
          map.BytecodeForArray(array) != nullptr) {
        out->frames[n++] = reinterpret_cast<void*>(array + static_cast<uintptr_t>(offset));
      }
    } else if (e != nullptr && e->kind == CodeKind::kJsJit) {
      out->frames[n++] = reinterpret_cast<void*>(pc);
    }
    uintptr_t caller_fp = 0, return_address = 0;
    if (!stack.Read(fp + kCallerFpFromFp, &caller_fp) ||
        !stack.Read(fp + kReturnAddressFromFp, &return_address)) {
      // A frame above the copy but inside the thread's stack, before the walk has left JS
      // through an entry frame: JS frames were left out. (Past the entry the rest is the
      // embedder's C++, which no sample shows.)
      out->stack_truncated = n > 0 && !left_js && fp >= stack.end() && fp < stack_high;
      break;
    }
    if (caller_fp <= fp || return_address == 0) break;
    fp = caller_fp;
    pc = return_address;
  }
  if (n == kMaxFrames) out->stack_truncated = true;  // as GetStackSample at its limit
  out->frame_count = n;
}

}  // namespace causalprof

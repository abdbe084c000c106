#include "frame_resolver.h"

#include "native_symbols.h"
#include "v8_compat.h"

namespace causalprof {

namespace {

// A frame for `address` in JS code, or 0 if it is not in JS code. Return addresses point
// after the call, so callers look up address - 1.
// A frame in optimized code names the function that holds its line (code inlined from
// another function keeps its line but comes under the outer function's code object).
FrameKey JitFrame(const CodeEntry* e, int32_t line) {
  // Most lines are the function's own: only the others need the function table (and its lock).
  if (e->own_first_line <= line && line <= e->own_last_line) return MakeFrame(e->function_id, line);
  return MakeFrame(Functions().FunctionHolding(e->function_id, line), line);
}

// `e` is the entry at `probe` when the caller has looked it up already.
FrameKey JsFrameAt(const CodeEntry* e, uintptr_t probe) {
  if (e == nullptr || (e->kind != CodeKind::kBytecode && e->kind != CodeKind::kJsJit)) return 0;
  const int32_t line = e->LineAt(static_cast<uint32_t>(probe - e->start));
  return e->kind == CodeKind::kJsJit ? JitFrame(e, line) : MakeFrame(e->function_id, line);
}

FrameKey JsFrame(const CodeMap& map, uintptr_t address, bool is_return_address, const CodeEntry** entry_out) {
  const uintptr_t probe = is_return_address ? address - 1 : address;
  const CodeEntry* e = map.Lookup(probe);
  const FrameKey f = JsFrameAt(e, probe);
  if (f != 0 && entry_out != nullptr) *entry_out = e;
  return f;
}

// The interpreted frame named by a (tagged bytecode array, offset) pair, validated against
// the code map: the array must be exactly a known function's bytecode.
FrameKey InterpretedFrame(const CodeMap& map, uintptr_t tagged_array, intptr_t offset_from_tag,
                          const CodeEntry** entry_out) {
  const CodeEntry* e = map.BytecodeForArray(tagged_array);
  if (e == nullptr) return 0;
  const uintptr_t address = tagged_array + static_cast<uintptr_t>(offset_from_tag);
  if (address < e->start || address >= e->start + e->size) return 0;
  *entry_out = e;
  return MakeFrame(e->function_id, e->LineAt(static_cast<uint32_t>(address - e->start)));
}

// GetStackSample leaves out the running function for most samples; find it from the
// registers and the stack words the handler saved (node-sampling-facts.md).
FrameKey RecoverLeaf(const RawSample& s, const CodeMap& map, const CodeEntry** leaf_entry) {
  const CodeEntry* at_pc = map.Lookup(s.pc);
  if (at_pc != nullptr && at_pc->kind == CodeKind::kJsJit) {
    *leaf_entry = at_pc;
    return JitFrame(at_pc, at_pc->LineAt(static_cast<uint32_t>(s.pc - at_pc->start)));
  }
  const bool in_handler = at_pc != nullptr && at_pc->kind == CodeKind::kBytecodeHandler;
  const bool in_builtin =
      at_pc != nullptr && (at_pc->kind == CodeKind::kBuiltin || at_pc->kind == CodeKind::kInterpreterEntry);
  // In a bytecode handler the live bytecode array and offset are in r12 and r9.
  if (in_handler) {
    FrameKey f = InterpretedFrame(map, s.r12, static_cast<intptr_t>(s.r9), leaf_entry);
    if (f != 0) return f;
  }
  if (!s.stack_words_valid || (!in_handler && !in_builtin)) return 0;
  // A frameless builtin called from machine code: its return address is at [sp].
  if (at_pc->kind == CodeKind::kBuiltin) {
    FrameKey f = JsFrame(map, s.word_at_sp, true, leaf_entry);
    if (f != 0 && (*leaf_entry)->kind == CodeKind::kJsJit) return f;
  }
  // Otherwise fp may be an interpreted frame: bytecode array and Smi offset in its slots.
  intptr_t offset = 0;
  if (compat::SmiValue(s.frame_offset_smi, &offset)) {
    FrameKey f = InterpretedFrame(map, s.frame_bytecode, offset, leaf_entry);
    if (f != 0) return f;
  }
  return 0;
}

// The native function running at pc, when pc lies outside the code V8 generated (its
// builtins and JIT code are the code map's); 0 where no symbol table names it.
FrameKey NativeLeaf(const RawSample& s, const CodeMap& map) {
  if (map.Lookup(s.pc) != nullptr) return 0;
  const uint32_t fn = Natives().FunctionAt(s.pc);
  return fn == kNoNativeFunction ? 0 : MakeFrame(fn, 0);
}

}  // namespace

void ResolveSample(const RawSample& s, const CodeMap& map, ResolvedStack* out) {
  FunctionTable& functions = Functions();
  out->count = 0;
  out->leaf_recovered = false;
  const int state = s.vm_state;
  // Native code is named by its function where a symbol table has it (zlib, TLS, libuv, a
  // native callback), under the JS frames that called it; GC and compilation keep their
  // labels, and the event loop's own work stays under (idle).
  if (state == compat::kGc) {
    out->frames[out->count++] = MakeFrame(functions.gc_id, 0);
  } else if (state == compat::kIdle) {
    const FrameKey native = NativeLeaf(s, map);
    if (native != 0) out->frames[out->count++] = native;
    out->frames[out->count++] = MakeFrame(functions.idle_id, 0);
    return;
  } else if (state == compat::kExternal) {
    const FrameKey native = NativeLeaf(s, map);
    out->frames[out->count++] = native != 0 ? native : MakeFrame(functions.native_id, 0);
  } else if (state == compat::kAtomicsWait) {
    out->frames[out->count++] = MakeFrame(functions.atomics_wait_id, 0);
  } else if (state == compat::kParser || state == compat::kBytecodeCompiler || state == compat::kCompiler) {
    out->frames[out->count++] = MakeFrame(functions.compiler_id, 0);
  }

  size_t first = 0;
  if (out->count == 0) {
    const CodeEntry* leaf_entry = nullptr;
    const FrameKey leaf = RecoverLeaf(s, map, &leaf_entry);
    if (leaf != 0) {
      out->frames[out->count++] = leaf;
      out->leaf_recovered = true;
      // Where V8's walk already starts at the running function (with a possibly stale
      // position), the recovered frame replaces it rather than doubling it.
      if (s.frame_count > 0) {
        const CodeEntry* top = map.Lookup(reinterpret_cast<uintptr_t>(s.frames[0]));
        if (top == leaf_entry) first = 1;
      }
    } else if (const FrameKey native = NativeLeaf(s, map); native != 0) {
      // V8's runtime or a fast API call, entered from JS without leaving the JS state.
      out->frames[out->count++] = native;
      out->leaf_recovered = true;
    }
  }
  for (size_t i = first; i < s.frame_count && out->count < kMaxFrames + 1; ++i) {
    const uintptr_t address = reinterpret_cast<uintptr_t>(s.frames[i]);
    // Interpreted frames are exact bytecode addresses; machine-code frames are return
    // addresses (except a leaf, which recovery handled above).
    // An exact bytecode address is looked up as it is; a return address one byte back.
    const CodeEntry* e = map.Lookup(address);
    const bool is_bytecode = e != nullptr && e->kind == CodeKind::kBytecode;
    const FrameKey f = is_bytecode ? JsFrameAt(e, address) : JsFrame(map, address, true, nullptr);
    if (f != 0) out->frames[out->count++] = f;
  }
  if (out->count == 0) out->frames[out->count++] = MakeFrame(functions.program_id, 0);
  if (s.stack_truncated) out->frames[out->count++] = MakeFrame(functions.truncated_id, 0);
}

}  // namespace causalprof

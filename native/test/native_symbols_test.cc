// Native code named by ELF symbols (native/native_symbols.h, native/elf_symbols.h), on this
// test binary and the libc it runs with.
#include "../native_symbols.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <string>

#include "../elf_symbols.h"
#include "../function_table.h"

extern "C" __attribute__((noinline, used)) int causalprof_probe_function(int x) { return x * 3 + 1; }

namespace probe {
__attribute__((noinline, used)) int Twice(int x) { return 2 * x; }
}  // namespace probe

namespace {

using namespace causalprof;

TEST_CASE("DisplayNamesDropClonesAndParameters") {
  CHECK(NativeDisplayName("deflate_slow") == "deflate_slow");
  CHECK(NativeDisplayName("deflate_slow.part.0") == "deflate_slow");
  CHECK(NativeDisplayName("uv__io_poll.cold") == "uv__io_poll");
  CHECK(NativeDisplayName("_ZN4node3Foo3BarEi") == "node::Foo::Bar");
  CHECK(NativeDisplayName("_ZNK4node3Foo3BarEv") == "node::Foo::Bar");  // const member
  CHECK(NativeDisplayName("_ZN3FooclEv") == "Foo::operator()");         // only the last list goes
  CHECK(NativeDisplayName("_ZN4node3Foo3BarEi.isra.0") == "node::Foo::Bar");
  CHECK(NativeDisplayName("_Znot_really_mangled") == "_Znot_really_mangled");
}

TEST_CASE("ElfSymbolsOfThisBinary") {
  ElfSymbols elf;
  REQUIRE(elf.Load("/proc/self/exe"));
  CHECK(elf.count() > 100);
  CHECK(elf.HeapBytes() > 0);
  ElfSymbols none;
  CHECK(!none.Load("/proc/self/status"));  // not an ELF file
  CHECK(!none.Load("/no/such/file"));
}

std::string NameAt(const void* address) {
  const uint32_t id = Natives().FunctionAt(reinterpret_cast<uintptr_t>(address));
  return id == kNoNativeFunction ? std::string("<none>") : Functions().NameOf(id);
}

TEST_CASE("FunctionsOfThisBinaryAndOfLibcByAddress") {
  Natives().Refresh();
  CHECK(NameAt(reinterpret_cast<const void*>(&causalprof_probe_function)) == "causalprof_probe_function");
  // Inside the function, not only at its start.
  CHECK(NameAt(reinterpret_cast<const char*>(&causalprof_probe_function) + 1) == "causalprof_probe_function");
  CHECK(NameAt(reinterpret_cast<const void*>(&probe::Twice)) == "probe::Twice");
  CHECK(NameAt(reinterpret_cast<const void*>(&getpid)).find("getpid") != std::string::npos);
  const uint32_t id = Natives().FunctionAt(reinterpret_cast<uintptr_t>(&causalprof_probe_function));
  REQUIRE(id != kNoNativeFunction);
  CHECK(Functions().IsNative(id));
  // Interned once: the same function for another address inside it.
  CHECK(Natives().FunctionAt(reinterpret_cast<uintptr_t>(&causalprof_probe_function) + 2) == id);
  CHECK(Natives().FunctionAt(16) == kNoNativeFunction);  // nothing is mapped there
  const NativeSymbolStats stats = Natives().Stats();
  CHECK(stats.objects >= 2);
  CHECK(stats.scans >= 1);
}

}  // namespace

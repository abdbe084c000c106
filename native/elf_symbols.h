// The function symbols of one ELF file (the node binary, a shared library, an addon), from
// its .symtab, or its .dynsym where the file was stripped. Off the signal path: it opens,
// maps and parses files (native_symbols.cc calls it from the drain thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace causalprof {

class ElfSymbols {
 public:
  ElfSymbols() = default;
  ElfSymbols(const ElfSymbols&) = delete;
  ElfSymbols& operator=(const ElfSymbols&) = delete;
  ~ElfSymbols();

  // Reads `path`. False if it is not a readable 64-bit little-endian ELF file; a file with
  // no symbol table loads (true) with no symbols.
  bool Load(const std::string& path);

  // The index of the function symbol holding `vaddr` (an address in the file's own address
  // space), or -1.
  int Find(uint64_t vaddr) const;
  // The symbol's name as the file spells it (mangled, for C++).
  const char* Name(int index) const;
  size_t count() const { return symbols_.size(); }

  // From an offset in the file (a mapping's offset plus the distance into the mapping) to
  // the file's virtual address, through its loadable segments; false if none holds it.
  bool OffsetToVaddr(uint64_t offset, uint64_t* vaddr) const;

  // Heap bytes held by the tables (the file itself is mapped, not copied: only the pages of
  // names that samples hit are read).
  size_t HeapBytes() const;

 private:
  struct Symbol {
    uint64_t start;
    uint32_t size;  // 0: unknown, taken to end at the next symbol
    uint32_t name;  // offset into the string table
  };
  struct Segment {
    uint64_t offset, filesz, vaddr;
  };

  std::vector<Symbol> symbols_;  // sorted by start
  std::vector<Segment> segments_;
  const char* strtab_ = nullptr;
  size_t strtab_size_ = 0;
  void* map_ = nullptr;
  size_t map_size_ = 0;
};

}  // namespace causalprof
